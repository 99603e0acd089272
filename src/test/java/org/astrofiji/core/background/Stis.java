package org.astrofiji.core.background;

import java.io.File;
import java.io.IOException;
import java.util.Map;

import org.astrofiji.core.Coordinates;
import org.astrofiji.io.FitsImage;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.core.Images;
import org.astrofiji.testutil.SharedData;

/**
 * The HST/STIS 3C120 frame of ../shared and the oracle's cosmic-ray-cleaned copy of it (medfilt
 * recipe), rebuilt from the raw SCI extension and the committed list of replaced pixels.
 */
public final class Stis {

	private Stis() {}

	public static File file() {
		return SharedData.file("hst-stis-3c120-longslit/3c120_stis.fits.gz");
	}

	public static FitsImage raw() throws IOException {
		return FitsReader.read(file().getPath() + "[SCI]");
	}

	/** cosmic.py medfilt (kernel 5, thresh 8, sigma = median ERR, rows 230:280 protected) of the SCI image. */
	public static float[] cleaned(FitsImage raw) throws IOException {
		float[] c = raw.data().clone();
		int w = raw.width(), h = raw.height();
		for (Map<String, String> r : SharedData.csv("/expected/background/stis_medfilt_replaced.csv")) {
			int row = Integer.parseInt(r.get("row")), col = Integer.parseInt(r.get("col"));
			c[Coordinates.memoryRow(row, h) * w + col] = Float.parseFloat(r.get("value"));
		}
		return c;
	}

	/** Writes the cleaned image as FITS (for command and macro tests). */
	public static File writeCleaned(File f) throws IOException {
		FitsImage raw = raw();
		FitsWriter.write(f, true, Hdu.image(Images.wrap(cleaned(raw), raw.width(), raw.height()), raw.header().copy()));
		return f;
	}
}
