package org.astrofiji.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsBandReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * The driver's view of a remote input directory: each FITS file's mirror holds its headers at their
 * offsets (every HDU, found by seeking over the data) and nothing else, for a few header blocks of
 * transfer; other files are not mirrored.
 */
class HadoopStagingTest {

	@TempDir
	File tmp;

	@Test
	void theInputMirrorHoldsOnlyTheHeaders() throws IOException {
		File raw = new File(tmp, "raw");
		Files.createDirectories(raw.toPath());
		int w = 256, h = 200;
		float[] sci = new float[w * h], err = new float[w * h];
		short[] dq = new short[w * h];
		for (int i = 0; i < sci.length; i++) {
			sci[i] = 1000 + i % 977;
			err[i] = 3 + i % 5;
			dq[i] = (short) (i % 7 == 0 ? 1 : 0);
		}
		FitsHeader header = new FitsHeader().set("IMAGETYP", "light", null).set("FILTER", "V", null).set("EXPTIME", 30, null);
		File frame = new File(raw, "science_V_001.fits");
		FitsWriter.write(frame, false, Hdu.of(AstroImage.of("science_V_001", sci, w, h, header).withErr(err).withDq(dq)));
		Files.writeString(new File(raw, "notes.txt").toPath(), "not a frame");

		Configuration conf = new Configuration(false);
		conf.set("fs." + TestFileSystem.SCHEME + ".impl", TestFileSystem.class.getName());
		HadoopStaging staging = HadoopStaging.of(new File(tmp, "stage"), conf);
		FileSystem.Statistics io = FileSystem.getStatistics(TestFileSystem.SCHEME, TestFileSystem.class);
		long before = io.getThreadStatistics().getBytesRead();
		File mirror = staging.input(new Path(TestFileSystem.SCHEME + ":" + raw.getAbsolutePath()));
		long read = io.getThreadStatistics().getBytesRead() - before;

		assertEquals(List.of("science_V_001.fits"), List.of(mirror.list()));
		File stub = new File(mirror, frame.getName());
		assertEquals(frame.length(), stub.length());
		assertEquals(0, stub.lastModified(), "a task fetches it whole");
		for (String hdu : List.of("", "SCI", "ERR", "DQ")) {
			try (FitsBandReader a = FitsBandReader.open(frame, hdu); FitsBandReader b = FitsBandReader.open(stub, hdu)) {
				assertEquals(a.header().toString(), b.header().toString(), hdu);
				assertEquals(a.width(), b.width());
			}
		}
		// every block is the original's header block or a hole: only the four HDUs' headers came over
		byte[] original = Files.readAllBytes(frame.toPath()), mirrored = Files.readAllBytes(stub.toPath());
		int headers = 0;
		for (int at = 0; at < original.length; at += 2880) {
			byte[] x = Arrays.copyOfRange(original, at, at + 2880), y = Arrays.copyOfRange(mirrored, at, at + 2880);
			if (Arrays.equals(x, y) && !Arrays.equals(y, new byte[2880])) headers++;
			else assertArrayEquals(new byte[2880], y, "block " + at / 2880);
		}
		assertTrue(headers >= 4 && headers <= 8, headers + " header blocks");
		assertEquals(headers * 2880L, read, "bytes read of " + original.length);
		staging.close();
		assertFalse(mirror.exists());
	}
}
