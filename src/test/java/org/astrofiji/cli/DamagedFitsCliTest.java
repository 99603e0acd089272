package org.astrofiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.astrofiji.core.Images;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 7, as a user of {@code astro run} meets it: a damaged file gives exit 1 and one line
 * "error: Open FITS: ..." naming the file and what is wrong, nothing else on the console (no nom-tam
 * log records, no "-98304", no "after HDU -1", no nom-tam advice).
 */
class DamagedFitsCliTest {

	@TempDir
	Path tmp;

	private String openFits(File f) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int rc = Astro.main(new String[] { "run", "Open FITS", "path=" + f }, new PrintStream(out, true, StandardCharsets.UTF_8),
			new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(1, rc, err.toString());
		return err.toString();
	}

	/** Replaces the value of the first card {@code key} in the file. */
	private static void setCard(File f, String key, String value) throws Exception {
		byte[] b = Files.readAllBytes(f.toPath());
		String text = new String(b, StandardCharsets.ISO_8859_1);
		int at = -1;
		for (int c = 0; c < text.length(); c += 80) if (text.startsWith(String.format("%-8s=", key), c)) {
			at = c;
			break;
		}
		byte[] card = String.format("%-8s= %20s", key, value).concat(" ".repeat(50)).substring(0, 80)
			.getBytes(StandardCharsets.ISO_8859_1);
		System.arraycopy(card, 0, b, at, 80);
		Files.write(f.toPath(), b);
	}

	@Test
	void damagedFilesGiveOneClearLine() throws Exception {
		float[] a = new float[64 * 48];
		for (int i = 0; i < a.length; i++) a[i] = i % 97;
		File fz = tmp.resolve("frame.fits.fz").toFile();
		FitsWriter.write(fz, false, Hdu.image(Images.wrap(a, 64, 48), null));
		setCard(fz, "ZNAXIS1", "-98304");
		assertEquals("error: Open FITS: HDU 1 of " + fz + ": ZNAXIS1 = -98304 must be an integer >= 1\n", openFits(fz));

		File plain = tmp.resolve("frame.fits").toFile();
		FitsWriter.write(plain, false, List.of(Hdu.image(Images.wrap(a, 64, 48), null)));
		setCard(plain, "NAXIS", "'two'");
		assertEquals("error: Open FITS: HDU 0 of " + plain + ": NAXIS = 'two' must be an integer from 0 to 999\n",
			openFits(plain));

		File gz = tmp.resolve("frame.fits.gz").toFile();
		FitsWriter.write(gz, false, List.of(Hdu.image(Images.wrap(a, 64, 48), null).withBitpix(16)));
		byte[] b = Files.readAllBytes(gz.toPath());
		b[b.length - 6] ^= 4; // the gzip CRC-32
		Files.write(gz.toPath(), b);
		assertEquals("error: Open FITS: " + gz + " is damaged: its gzip checksum (CRC-32) or length does not match the " +
			"decompressed data\n", openFits(gz));
	}
}
