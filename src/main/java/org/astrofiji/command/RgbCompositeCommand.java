package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Progress;
import org.astrofiji.core.composite.Channels;
import org.astrofiji.core.composite.Filters;
import org.astrofiji.core.composite.Composite;
import org.astrofiji.core.composite.RgbComposer;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.registration.Aligner;
import org.astrofiji.core.registration.Alignment;
import org.astrofiji.core.wcs.Wcs;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;
import org.astrofiji.io.RgbFiles;

/**
 * A colour composite of three aligned bands (e.g. R, V, B as red, green, blue): Lupton et al. (2004)
 * as astropy's make_lupton_rgb, or a per-channel stretch (the classic img_scale asinh, linear, log,
 * sqrt) with given or automatic levels. The bands are open images (chosen by title) or, headless,
 * FITS files. Output: an RGB image carrying the red band's header (WCS included) and HISTORY, a PNG
 * or TIFF file, and optionally the float composite as a FITS cube. See {@link RgbComposer}.
 * <p>
 * Longer than most commands: two stretch families with their own keys (Lupton's and the per-channel
 * levels), three bands each as an open image or a file, the optional alignment of the bands onto red,
 * and a live preview.
 */
@Plugin(type = Command.class, label = "RGB Composite", headless = true,
	description = "Colour composite of three aligned bands: Lupton asinh (astropy make_lupton_rgb) or per-channel asinh/linear/log/sqrt stretches")
public class RgbCompositeCommand implements Command, Previewable, DefaultImages {

	@Parameter(label = "red", description = "The band shown in red (in ImageJ, an open image by title; by default the reddest FILTER of the open images, else the first opened); the composite keeps its header and WCS")
	private AstroImage red;

	@Parameter(label = "green", description = "The band shown in green (an open image by title)")
	private AstroImage green;

	@Parameter(label = "blue", description = "The band shown in blue (an open image by title)")
	private AstroImage blue;

	@Parameter(label = "red_input", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "red"),
		description = "A FITS file for the red band instead of an open image (headless runs); [EXT] picks an HDU")
	private File red_input;

	@Parameter(label = "green_input", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "green"),
		description = "A FITS file for the green band instead of an open image")
	private File green_input;

	@Parameter(label = "blue_input", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "blue"),
		description = "A FITS file for the blue band instead of an open image")
	private File blue_input;

	@Parameter(label = "method", choices = { "lupton", "classic", "linear", "log", "sqrt" },
		description = "lupton: Lupton et al. 2004 asinh of the mean intensity, colour preserving (astropy make_lupton_rgb); " +
			"classic: per-channel asinh (img_scale); linear, log (DS9's, exponent 1000), sqrt: per-channel stretches")
	private String method = "lupton";

	@Parameter(label = "scales", description = "Factors multiplying each band first (e.g. from zero points), one or red,green,blue")
	private String scales = "1";

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "Lupton (method=lupton)";

	@Parameter(label = "minimum (image units)", description = "lupton: the value shown black, one for all bands or red,green,blue (e.g. 500,480,150)")
	private String minimum = "0";

	@Parameter(label = "stretch (image units)", description = "lupton: the linear stretch (> 0): intensities this far above minimum approach white")
	private double stretch = 5;

	@Parameter(label = "q", description = "lupton: the asinh softening Q (> 0); larger Q compresses bright parts more")
	private double q = 8;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading2 = "Per-channel stretches (classic, linear, log, sqrt)";

	@Parameter(label = "scale_min", required = false,
		description = "Per-channel methods: the black point, one value or red,green,blue; empty = automatic (levels)")
	private String scale_min = "";

	@Parameter(label = "scale_max", required = false,
		description = "Per-channel methods: the white point, one value or red,green,blue; empty = automatic (levels)")
	private String scale_max = "";

	@Parameter(label = "levels", choices = { "sigma", "minmax", "percentile" },
		description = "Automatic black/white points per channel: sigma = mean + auto_low std .. mean + auto_high std (the seed), " +
			"minmax = the channel's range, percentile = the auto_low and auto_high percentiles")
	private String levels = "sigma";

	@Parameter(label = "auto_low", description = "sigma: multiples of std above the mean for the black point; percentile: its percentile")
	private double auto_low = 0.75;

	@Parameter(label = "auto_high", description = "sigma: multiples of std above the mean for the white point; percentile: its percentile")
	private double auto_high = 5;

	@Parameter(label = "non_linear", description = "classic: asinh softening in data units (> 0); smaller is more logarithmic")
	private double non_linear = 2;

	@Parameter(label = "output", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "Also write the composite as an 8-bit RGB picture (.png or .tif, north up, the header in its text/Info)")
	private File output;

	@Parameter(label = "stack_output", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "Also write the float composite (3 planes red, green, blue in 0..1) as FITS with the red band's header")
	private File stack_output;

	@Parameter(label = "overwrite", required = false, description = "Replace output files that exist")
	private boolean overwrite;

	@Parameter(label = "align", choices = { "none", "auto", "stars", "wcs" },
		description = "Align green and blue onto red first (similarity, cubic spline): by their stars, by their WCS, or auto = by WCS when all three bands have one, else by stars; none: the bands are aligned already")
	private String align = "none";

	@Parameter(required = false)
	private StatusService status;

	@Parameter(type = ItemIO.OUTPUT, label = "composite")
	private Img<ARGBType> composite;

	@Parameter(type = ItemIO.OUTPUT, label = "stack")
	private AstroImage stack;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	/** The three bands with their headers and names, from open images or files. */
	private static final class Bands {
		Channels channels;
		FitsHeader[] headers = new FitsHeader[3];
		String[] names = new String[3];
		String[] types = new String[3];
		List<String> alignments = new ArrayList<>();
	}

	@Override
	public void run() {
		try (FileOutputs out = FileOutputs.of(this, overwrite).add("output", output, FileOutputs.Kind.PICTURE)
			.add("stack_output", stack_output, FileOutputs.Kind.FITS).check())
		{
			Bands bands = bands();
			RgbComposer composer = composer().keepFloats(stack_output != null);
			Progress progress = new StatusProgress(status);
			Composite c = composer.apply(bands.channels, progress);
			FitsHeader header = header(bands, composer, c);
			composite = c.rgb();
			List<String> wrote = new ArrayList<>();
			if (output != null) {
				RgbFiles.write(out.file(output), true, c.argb(), c.width(), c.height(), header);
				wrote.add(output.getPath());
			}
			if (stack_output != null) {
				stack = AstroImage.of(bands.names[0] + "-composite", c.stack(),
					header.copy().addHistory("planes 1, 2, 3 = red, green, blue, 0..1 (8-bit = floor(255 v))"));
				FitsWriter.write(out.file(stack_output), true, Hdu.of(stack));
				wrote.add(stack_output.getPath());
			}
			out.commit();
			summary = summary(bands, composer, c, wrote);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/** Red, green and blue by the FILTER keyword's wavelength, reddest in red (g, r, i open gives i, r, g). */
	@Override
	public int[] defaultImages(List<FitsHeader> open) {
		List<String> filters = new ArrayList<>();
		for (FitsHeader h : open) filters.add(h.getString("FILTER"));
		return Filters.redGreenBlue(filters);
	}

	@Override
	public RandomAccessibleInterval<?> preview(int maxSize) throws IOException {
		Bands bands = bands();
		RgbComposer composer = composer();
		// levels from the full bands, so the preview looks like the result; the mapping on every step-th pixel
		double[][] lv = composer.resolveLevels(bands.channels);
		int step = Math.max(1, (int) Math.ceil(Math.max(bands.channels.width(), bands.channels.height()) / (double) maxSize));
		return composer.apply(bands.channels.subsample(step), lv, Progress.NONE).rgb();
	}

	private Bands bands() throws IOException {
		Bands b = new Bands();
		@SuppressWarnings("unchecked")
		RandomAccessibleInterval<? extends RealType<?>>[] imgs = new RandomAccessibleInterval[3];
		AstroImage[] given = { red, green, blue };
		File[] files = { red_input, green_input, blue_input };
		AstroImage[] bands = new AstroImage[3];
		for (int c = 0; c < 3; c++) {
			String key = Channels.NAMES[c];
			bands[c] = files[c] != null ? FitsReader.readImage(files[c].getPath()) : given[c];
			if (bands[c] == null) throw new IllegalArgumentException(key + ": no image; choose an open image or give " + key +
				"_input (a FITS file)");
		}
		if (!align.equals("none")) b.alignments = align(bands);
		for (int c = 0; c < 3; c++) {
			String key = Channels.NAMES[c];
			AstroImage a = bands[c];
			imgs[c] = a.sci();
			b.headers[c] = a.header();
			b.names[c] = a.name().equals(AstroImage.UNNAMED) ? key : a.name();
			b.types[c] = a.bitpix() < 0 ? "float" : a.bitpix() + "-bit";
		}
		b.channels = Channels.of(imgs[0], imgs[1], imgs[2], b.names);
		return b;
	}

	/** Green and blue resampled onto red's grid (in place); one line per band saying how. */
	private List<String> align(AstroImage[] bands) {
		boolean wcs = align.equals("wcs") || align.equals("auto") && Wcs.isCelestial(bands[0].header()) &&
			Wcs.isCelestial(bands[1].header()) && Wcs.isCelestial(bands[2].header());
		if (!align.equals("stars") && !align.equals("auto") && !wcs) throw new IllegalArgumentException(
			"align must be none, auto, stars or wcs (got '" + align + "')");
		Aligner aligner = Aligner.onto(bands[0].require2D("align")).by(wcs ? Aligner.Method.WCS : Aligner.Method.STARS);
		List<String> lines = new ArrayList<>();
		for (int c = 1; c < 3; c++) {
			try {
				Alignment a = aligner.find(bands[c]);
				bands[c] = aligner.resample(bands[c], a, bands[c].headerCopy());
				lines.add(Channels.NAMES[c] + " aligned onto red: " + a.summary());
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("align: " + Channels.NAMES[c] + " band " + AlignImagesCommand.named(bands[c].name(),
					e.getMessage()), e);
			}
		}
		return lines;
	}

	private RgbComposer composer() {
		// each method checks only the keys it uses
		RgbComposer c = new RgbComposer().method(RgbComposer.Method.of(method)).scales(values("scales", scales));
		if (c.method() == RgbComposer.Method.LUPTON) return c.minimum(values("minimum", minimum)).stretch(stretch).q(q);
		return c.scaleMin(values("scale_min", scale_min)).scaleMax(values("scale_max", scale_max)).nonLinear(non_linear)
			.levels(RgbComposer.AutoLevels.of(levels), auto_low, auto_high);
	}

	/** "5", "500,480,150" (or with spaces or semicolons) as numbers; empty text as no numbers. */
	static double[] values(String key, String text) {
		if (text == null || text.isBlank()) return new double[0];
		String[] parts = text.trim().split("\\s*[,;\\s]\\s*");
		double[] v = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				v[i] = Double.parseDouble(parts[i]);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(key + ": '" + parts[i] + "' is not a number (give one value or three, " +
					"red,green,blue)");
			}
		}
		return v;
	}

	/** The red band's header (WCS included: the pixel grid is unchanged) with this run's HISTORY. */
	private FitsHeader header(Bands b, RgbComposer composer, Composite c) {
		FitsHeader h = b.headers[0].copy().addHistory(Provenance.of(this));
		h.addHistory("RGB composite: red = " + b.names[0] + ", green = " + b.names[1] + ", blue = " + b.names[2]);
		h.addHistory("RGB composite " + composer.describe());
		for (String line : b.alignments) h.addHistory("RGB composite: " + line);
		if (composer.method() != RgbComposer.Method.LUPTON) {
			for (int k = 0; k < 3; k++) h.addHistory(String.format(Locale.ROOT, "RGB composite %s levels %.8g .. %.8g",
				Channels.NAMES[k], c.low(k), c.high(k)));
		}
		return h;
	}

	private static String summary(Bands b, RgbComposer composer, Composite c, List<String> wrote) {
		StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "RGB Composite (%s): %dx%d, red = %s, green = %s, blue = %s",
			composer.describe(), c.width(), c.height(), b.names[0], b.names[1], b.names[2]));
		if (composer.method() != RgbComposer.Method.LUPTON) {
			sb.append("; levels");
			for (int k = 0; k < 3; k++) sb.append(String.format(Locale.ROOT, " %s %.6g..%.6g", Channels.NAMES[k], c.low(k), c.high(k)));
		}
		double n = (double) c.width() * c.height();
		sb.append(String.format(Locale.ROOT, "; at 255: red %.2f %%, green %.2f %%, blue %.2f %%", 100 * c.saturated(0) / n,
			100 * c.saturated(1) / n, 100 * c.saturated(2) / n));
		if (c.noData() > 0) sb.append("; ").append(c.noData()).append(" pixels without data (NaN) shown black");
		if (!b.types[0].equals(b.types[1]) || !b.types[1].equals(b.types[2])) sb.append("; note: the bands have different " +
			"pixel types (" + String.join(", ", b.types) + "), all used as 32-bit float");
		for (String line : b.alignments) sb.append("\n").append(line);
		for (String w : wrote) sb.append("\nwrote ").append(w);
		return sb.toString();
	}
}
