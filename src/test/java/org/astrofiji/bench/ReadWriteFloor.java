package org.astrofiji.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * The least a JVM process does for Fit Background's job, as a program of its own (JDK classes only,
 * so the JVM loads nothing else): read the frame's bytes, make its float array, write three images
 * of that size (BKG and RMS stand-ins: the frame itself) to a new file in 1 MB chunks. No mesh, no
 * command, no FITS library: {@link BackgroundBench}'s whole-process floor.
 * <p>
 * {@code java -cp TEST_CLASSES org.astrofiji.bench.ReadWriteFloor IN.fits OUT}: IN has one image HDU
 * of BITPIX -32 or 16 (BZERO 32768).
 */
public final class ReadWriteFloor {

	private ReadWriteFloor() {}

	public static void main(String[] args) throws IOException {
		float[] img;
		try (FileChannel ch = FileChannel.open(Paths.get(args[0]))) {
			ByteBuffer b = ByteBuffer.allocateDirect((int) ch.size()).order(ByteOrder.BIG_ENDIAN);
			while (b.hasRemaining() && ch.read(b) >= 0) continue;
			int bitpix = 0, data = -1;
			long n = 1;
			byte[] card = new byte[80];
			for (int off = 0; data < 0; off += 80) {
				for (int j = 0; j < card.length; j++) card[j] = b.get(off + j);
				String c = new String(card, StandardCharsets.US_ASCII);
				if (c.startsWith("BITPIX ")) bitpix = Integer.parseInt(c.substring(10, 30).trim());
				if (c.startsWith("NAXIS1 ") || c.startsWith("NAXIS2 ")) n *= Long.parseLong(c.substring(10, 30).trim());
				if (c.startsWith("END ")) data = (off / 2880 + 1) * 2880;
			}
			img = new float[Math.toIntExact(n)];
			if (bitpix == -32) b.position(data).asFloatBuffer().get(img);
			else if (bitpix == 16) for (int i = 0; i < img.length; i++) img[i] = b.getShort(data + 2 * i) + 32768f;
			else throw new IOException(args[0] + ": BITPIX " + bitpix + " (the floor reads -32 or 16)");
		}
		ByteBuffer header = ByteBuffer.allocate(2880), chunk = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.BIG_ENDIAN);
		try (FileChannel ch = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			for (int k = 0; k < 4; k++) { // an empty primary header, then three images each with its header
				header.clear();
				while (header.hasRemaining()) ch.write(header);
				for (int i = 0; k > 0 && i < img.length;) {
					int m = Math.min(img.length - i, chunk.capacity() / Float.BYTES);
					chunk.clear();
					chunk.asFloatBuffer().put(img, i, m);
					chunk.limit(m * Float.BYTES);
					while (chunk.hasRemaining()) ch.write(chunk);
					i += m;
				}
			}
		}
	}
}
