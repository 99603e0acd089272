package org.astrofiji.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.astrofiji.core.Table;

/** CSV tables: numbers at full precision, whole ones without a fraction, also where values repeat down a column. */
class CsvTablesTest {

	@TempDir
	Path tmp;

	@Test
	void writesEveryNumberAsDoubleToStringOrAWholeNumber() throws Exception {
		// runs of equal values, alternations, -0.0, NaN and floats, across several blocks of rows
		Table t = new Table("t", "a", "b", "c", "name");
		StringBuilder expected = new StringBuilder("a,b,c,name\n");
		for (int r = 0; r < 1500; r++) {
			double a = r % 7 < 4 ? 0.1 * (r / 300) : r / 3.0;
			double b = r % 2 == 0 ? -0.0 : r % 3 == 0 ? Double.NaN : 1e-7 * (r % 5);
			Object c = r % 4 == 0 ? (Object) Float.valueOf(r / 8f) : (Object) Double.valueOf(2.5);
			String name = r % 100 == 0 ? "a, \"b\"" : "s" + (r % 3);
			t.addRow(a, b, c, name);
			expected.append(text(a)).append(',').append(text(b)).append(',').append(text(((Number) c).doubleValue())).append(',')
				.append(name.contains(",") ? "\"a, \"\"b\"\"\"" : name).append('\n');
		}
		File f = tmp.resolve("t.csv").toFile();
		CsvTables.write(f, t, false);
		assertEquals(expected.toString(), new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8));
		Table back = CsvTables.read(f);
		assertEquals(t.rowCount(), back.rowCount());
		for (int r = 0; r < t.rowCount(); r += 97) assertEquals(((Number) t.get(r, "a")).doubleValue(), (Double) back.get(r, "a"), 0.0);
	}

	@Test
	void writesTextAsUtf8Bytes() throws Exception {
		// text beyond ASCII (the block's bytes come from String.getBytes): each character as UTF-8, a lone
		// surrogate as '?' (what an OutputStreamWriter wrote)
		Table t = new Table("t", "name", "x\u00b5");
		t.addRow("NGC 6205 \u03c9 Cen, \u00c5", 1.5);
		t.addRow("bad \ud800 half", 2.0);
		File f = tmp.resolve("u.csv").toFile();
		CsvTables.write(f, t, false);
		byte[] expected = ("name,x\u00b5\n\"NGC 6205 \u03c9 Cen, \u00c5\",1.5\nbad ? half,2\n").getBytes(StandardCharsets.UTF_8);
		assertArrayEquals(expected, Files.readAllBytes(f.toPath()));
		assertEquals(t.get(0, "x\u00b5"), t.get(0, 1));
	}

	/** The format, spelled out: whole numbers (below 1e15) as integers, others as Double.toString. */
	private static String text(double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
	}
}
