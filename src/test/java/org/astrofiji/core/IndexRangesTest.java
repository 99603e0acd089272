package org.astrofiji.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one parser of row/column ranges every command takes. */
class IndexRangesTest {

	@Test
	void bothEndsIncludedOrNumpySlices() {
		assertEquals("230-279", IndexRanges.format(IndexRanges.parse("rows", "230-279", 512, "row")));
		assertEquals("230-279", IndexRanges.format(IndexRanges.parse("rows", "230:280", 512, "row")));
		assertEquals("10-199,300-479", IndexRanges.format(IndexRanges.parse("ranges", "300-479, 10:200", 512, "row")));
		assertEquals(12, IndexRanges.parse("rows", "0-4, 10:15 20 21", 512, "row").length);
		assertArrayEquals(new int[] { 3, 4, 5 }, IndexRanges.parse("rows", "3-5,4", 10, "row"), "sorted and distinct");
		assertEquals(0, IndexRanges.parse("rows", " ", 10, "row").length);
		boolean[] mem = IndexRanges.memoryRows(IndexRanges.parse("rows", "0", 10, "row"), 10);
		assertTrue(mem[9], "FITS-array row 0 is the bottom memory row");
		assertEquals(250, IndexRanges.firstCommon(IndexRanges.parse("a", "240-260", 512, "row"), IndexRanges.parse("b", "250-255", 512, "row")));
	}

	@Test
	void errorsNameTheParameter() {
		assertEquals("protect_rows: rows 500-600 lie outside the image, whose rows are 0-511 (0-based, FITS array order)",
			message("protect_rows", "500-600", 512));
		assertTrue(message("protect_rows", "-3-5", 512).contains("outside"));
		assertEquals("ranges: range 9-4 ends before it starts", message("ranges", "9-4", 512));
		assertEquals("source: 'a-b' is not a range like 10-199 (0-based rows, both ends included) or 10:200 (numpy slice)",
			message("source", "a-b", 512));
		assertEquals("ranges: range 5:5 ends before it starts", message("ranges", "5:5", 512), "an empty numpy slice");
		assertTrue(message("source", "ten", 512).startsWith("source: 'ten' is not a range"));
		assertEquals(-1, IndexRanges.firstCommon(new int[] { 1, 5 }, new int[] { 2, 6 }));
	}

	private static String message(String parameter, String text, int length) {
		return assertThrows(IllegalArgumentException.class, () -> IndexRanges.parse(parameter, text, length, "row")).getMessage();
	}
}
