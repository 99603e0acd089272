package org.astrofiji.bench;

import java.io.File;
import java.util.List;

import org.astrofiji.core.Images;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/** Bench entries of FITS reading and writing, beside astropy.io.fits on the same files. */
final class IoBench {

	private IoBench() {}

	static List<Entry> entries() {
		return List.of(new Entry("FITS read, uint16 to float", "4096x4096 BITPIX 16 (32 MB)", in -> {
			File f = in.file("u16.fits");
			if (!f.isFile()) FitsWriter.write(f, true, Hdu.image(Images.wrap(ramp(4096, 4096), 4096, 4096), null).withBitpix(16));
			return Entry.Prepared.of(() -> FitsReader.read(f, null)).peer("astropy.io.fits getdata", "fits_io", "read", f.getPath());
		}).samples(5), new Entry("FITS write, float32", "4096x4096 BITPIX -32 (64 MB)", in -> {
			float[] a = ramp(4096, 4096);
			File f = in.file("f32_ours.fits");
			return Entry.Prepared.of(() -> FitsWriter.write(f, true, Hdu.image(Images.wrap(a, 4096, 4096), null))).peer(
				"astropy.io.fits writeto", "fits_io", "write", in.file("f32_peer.fits").getPath());
		}).samples(5));
	}

	static float[] ramp(int w, int h) {
		float[] a = new float[w * h];
		for (int i = 0; i < a.length; i++) a[i] = 1000 + (i % 9973);
		return a;
	}
}
