package org.astrofiji.bench;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Images;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * Bench entries of FITS reading and writing, beside astropy.io.fits on the same files, each with the
 * machine's floor for the same bytes timed in the same rounds (the page cache's cost of moving them,
 * which bounds how much faster either tool can be).
 */
final class IoBench {

	private IoBench() {}

	static List<Entry> entries() {
		return List.of(new Entry("FITS read, uint16 to float", "4096x4096 BITPIX 16 (32 MB)", in -> {
			File f = in.file("u16.fits");
			if (!f.isFile()) FitsWriter.write(f, true, Hdu.image(Images.wrap(ramp(4096, 4096), 4096, 4096), null).withBitpix(16));
			return Entry.Prepared.of(() -> FitsReader.read(f, null)).peer("astropy.io.fits getdata", "fits_io", "read", f.getPath());
		}).samples(5).floor(IoBench::readFloor), new Entry("FITS write, float32", "4096x4096 BITPIX -32 (64 MB)", in -> {
			float[] a = ramp(4096, 4096);
			File f = in.file("f32_ours.fits");
			return Entry.Prepared.of(() -> FitsWriter.write(f, true, Hdu.image(Images.wrap(a, 4096, 4096), null))).peer(
				"astropy.io.fits writeto", "fits_io", "write", in.file("f32_peer.fits").getPath());
		}).samples(5).floor(IoBench::writeFloor));
	}

	static float[] ramp(int w, int h) {
		float[] a = new float[w * h];
		for (int i = 0; i < a.length; i++) a[i] = 1000 + (i % 9973);
		return a;
	}

	/**
	 * The least a 4096^2 uint16 read to floats costs here: the 32 MB of the file (the read entry's file,
	 * from the page cache, as both sides read it) brought in the cheaper of two ways, plus writing the
	 * 64 MB of floats once (a fill of an array made beforehand). The two ways: mapped and every page
	 * touched (astropy maps by default), or positional reads of 256 KB into one reused direct buffer
	 * (ours); mapping costs as little when the machine is quiet and 5-10x more when it is busy (page
	 * faults, unmapping). Any reader must do both; the conversion itself is not counted.
	 */
	static ProcessEntry.Floor.Result readFloor(Inputs in) throws Exception {
		float[] out = new float[4096 * 4096];
		ByteBuffer chunk = ByteBuffer.allocateDirect(256 << 10);
		int bytes = 4096 * 4096 * 2;
		long t0 = System.nanoTime(), sum = 0;
		try (FileChannel ch = FileChannel.open(in.file("u16.fits").toPath(), StandardOpenOption.READ)) {
			ByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes);
			for (int p = 0; p < map.limit(); p += 4096) sum += map.get(p);
		}
		long t1 = System.nanoTime();
		try (FileChannel ch = FileChannel.open(in.file("u16.fits").toPath(), StandardOpenOption.READ)) {
			for (long p = 0; p < bytes; p += chunk.capacity()) {
				chunk.clear();
				while (chunk.hasRemaining()) if (ch.read(chunk, p + chunk.position()) < 0) throw new java.io.EOFException();
				sum += chunk.get(0);
			}
		}
		long t2 = System.nanoTime();
		Arrays.fill(out, sum);
		long t3 = System.nanoTime();
		double map = (t1 - t0) / 1e9, reads = (t2 - t1) / 1e9, fill = (t3 - t2) / 1e9;
		return new ProcessEntry.Floor.Result(Math.min(map, reads) + fill, String.format(Locale.ROOT, "the 32 MB mapped and every " +
			"page touched %.4f s or read in 256 KB chunks %.4f s, the cheaper + writing the 64 MB of floats once %.4f s", map, reads,
			fill));
	}

	/**
	 * The least our 4096^2 float32 write costs here: the 64 MB of pixels, already big-endian in a direct
	 * buffer, written to a new file after removing the old one (what astropy's overwrite does; no header,
	 * neither side syncs) the cheaper of two ways, one FileChannel.write of all 64 MB (astropy's) or
	 * writes of 1 MB (ours), plus renaming such a file over an existing one, as our atomic output
	 * publishes. Which way is cheaper changes from run to run (the one write took 0.025 s at the sixth
	 * stop and 0.098 s at the eighth, above our whole chunked writer). On ext4 (auto_da_alloc) the rename
	 * first starts writing the new file's data back, so that a crash leaves the old or the new file,
	 * never an empty one: work astropy's overwrite does not do, hence named apart.
	 */
	static ProcessEntry.Floor.Result writeFloor(Inputs in) throws Exception {
		ByteBuffer bytes = ByteBuffer.allocateDirect(4096 * 4096 * 4);
		bytes.asFloatBuffer().put(ramp(4096, 4096));
		Path plain = in.file("f32_floor.bin").toPath(), target = in.file("f32_floor_renamed.bin").toPath();
		Path tmp = in.file("f32_floor.bin.part").toPath();
		long t0 = System.nanoTime();
		Files.deleteIfExists(plain);
		write(plain, bytes, bytes.capacity());
		long t1 = System.nanoTime();
		Files.deleteIfExists(plain);
		write(plain, bytes, 1 << 20);
		long t2 = System.nanoTime();
		Files.deleteIfExists(tmp);
		write(tmp, bytes, 1 << 20);
		long t3 = System.nanoTime();
		Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		double one = (t1 - t0) / 1e9, chunks = (t2 - t1) / 1e9, rename = (System.nanoTime() - t3) / 1e9;
		return new ProcessEntry.Floor.Result(Math.min(one, chunks) + rename, String.format(Locale.ROOT, "the 64 MB, already " +
			"big-endian, to a new file in place of the old one in one FileChannel.write %.4f s or in writes of 1 MB %.4f s, the " +
			"cheaper + renaming such a file over the previous one, as our atomic output is published %.4f s", one, chunks, rename));
	}

	/** Writes all of {@code bytes} to a new file, {@code chunk} bytes per write call. */
	private static void write(Path file, ByteBuffer bytes, int chunk) throws java.io.IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			for (int p = 0; p < bytes.capacity(); p += chunk) {
				ByteBuffer part = bytes.duplicate().limit(Math.min(bytes.capacity(), p + chunk)).position(p);
				while (part.hasRemaining()) ch.write(part);
			}
		}
	}
}
