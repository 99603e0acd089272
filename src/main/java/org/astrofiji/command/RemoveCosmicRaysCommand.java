package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Images;
import org.astrofiji.core.IndexRanges;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Table;
import org.astrofiji.core.cosmics.CosmicRayMask;
import org.astrofiji.core.cosmics.LaCosmic;
import org.astrofiji.core.cosmics.MedianCosmics;
import org.astrofiji.core.cosmics.PsfKernel;
import org.astrofiji.core.stats.MedianFilter;
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.CcdKeys;
import org.astrofiji.core.image.Dq;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.Hdu;

/**
 * Finds cosmic-ray hits in one frame and replaces them: L.A.Cosmic as astroscrappy 1.1 runs it, or
 * the median-filter outlier recipe of the STIS long-slit tutorial. Returns the cleaned image, the
 * cosmic-ray mask (8-bit, 255 = hit), a table of the hits and their positions as an overlay; with
 * {@code output}, writes SCI (cleaned) and CRMASK extensions. See {@link LaCosmic} and
 * {@link MedianCosmics}.
 * <p>
 * Longer than most commands because it carries two methods' keys: all fifteen of astroscrappy's
 * (so recorded astroscrappy settings carry over one to one), the median recipe's, and the inputs both
 * share (bad-pixel file and DQ flags, protected rows and the selection); each becomes one settings
 * field, and the run itself is a single call into core.
 */
@Plugin(type = Command.class, label = "Remove Cosmic Rays", headless = true,
	description = "Find and replace cosmic-ray hits: L.A.Cosmic (as astroscrappy) or a median-filter outlier recipe")
public class RemoveCosmicRaysCommand extends ImageCommand {

	@Parameter(label = "method", choices = { "lacosmic", "median" },
		description = "lacosmic: L.A.Cosmic (van Dokkum 2001) exactly as astroscrappy 1.1; median: flag |image - median filtered| / sigma > threshold")
	private String method = "lacosmic";

	@Parameter(label = "protect_rows", required = false,
		description = "Rows left untouched, 0-based rows of the FITS array: 230-279 (both included), 230:280 (numpy slice), several separated by commas; a selection (ROI) is also left untouched")
	private String protect_rows = "";

	@Parameter(label = "border", choices = { "auto", "zero", "reflect", "copy" },
		description = "What the median filters see beyond the edge; auto = as the reference tool: zero for median (scipy.signal.medfilt), copy for lacosmic (astroscrappy: the input kept within half a window of the edge, where stars can look like cosmic rays); reflect mirrors the image")
	private String border = "auto";

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading1 = "Median recipe (method=median)";

	@Parameter(label = "size (px)", min = "3", description = "median: median filter size, odd")
	private int size = 5;

	@Parameter(label = "threshold", description = "median: flag where |image - smoothed| / sigma > threshold (strict)")
	private double threshold = 8;

	@Parameter(label = "sigma_from", choices = { "mad", "err", "value" },
		description = "median: sigma is 1.4826 MAD of (image - smoothed), the median of the ERR image (err), or the value of sigma")
	private String sigma_from = "mad";

	@Parameter(label = "sigma", description = "median: sigma when sigma_from is value (image units)")
	private double sigma = 0;

	@Parameter(label = "err", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "median: ERR image for sigma_from=err, e.g. errors.fits; empty: the image's own ERR (the ERR extension of a reduced frame)")
	private File err;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading2 = "L.A.Cosmic (method=lacosmic)";

	@Parameter(label = "gain (e-/ADU)", min = "0",
		description = "lacosmic: detector gain; 0 = the GAIN header card (EGAIN, ATODGAIN), else 1")
	private double gain = 0;

	@Parameter(label = "readnoise (e-)", min = "0",
		description = "lacosmic: read noise; 0 = the RDNOISE header card (READNOIS, READNSE), else 6.5")
	private double readnoise = 0;

	@Parameter(label = "satlevel (e-)", min = "0",
		description = "lacosmic: saturation level in electrons; 0 = SATURATE x gain from the header, else 65536")
	private double satlevel = 0;

	@Parameter(label = "sigclip", description = "lacosmic: Laplacian-to-noise limit for a cosmic-ray pixel")
	private double sigclip = 4.5;

	@Parameter(label = "sigfrac", description = "lacosmic: fraction of sigclip for its neighbours")
	private double sigfrac = 0.3;

	@Parameter(label = "objlim", description = "lacosmic: minimum contrast of the Laplacian against the fine-structure image (raise it if star cores are flagged)")
	private double objlim = 5;

	@Parameter(label = "niter", min = "1", description = "lacosmic: maximum number of iterations")
	private int niter = 4;

	@Parameter(label = "medians", choices = { "separable", "full" },
		description = "lacosmic: separable medians (astroscrappy sepmed=True, fast) or full square medians (sepmed=False)")
	private String medians = "separable";

	@Parameter(label = "cleantype", choices = { "meanmask", "medmask", "median", "idw" },
		description = "lacosmic: replacement of flagged pixels from their 5x5 neighbourhood: masked mean, masked median, median, inverse-distance weights")
	private String cleantype = "meanmask";

	@Parameter(label = "bad_flags", required = false,
		description = "lacosmic: DQ flags of the image treated as bad pixels (never flagged, not used for cleaning), e.g. bad+hot+dead (default), none, or a number")
	private String bad_flags = "bad+hot+dead";

	@Parameter(label = "badpix", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "lacosmic: bad-pixel mask (non-zero = bad, e.g. hot pixels from darks), never flagged or used for cleaning (astroscrappy's inmask)")
	private File badpix;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String heading3 = "L.A.Cosmic fine structure and noise model";

	@Parameter(label = "fsmode", choices = { "median", "convolve" },
		description = "lacosmic: fine-structure image from medians (van Dokkum), or the image convolved with a PSF kernel")
	private String fsmode = "median";

	@Parameter(label = "psfmodel", choices = { "gauss", "gaussx", "gaussy", "moffat" },
		description = "lacosmic, fsmode=convolve: PSF kernel shape")
	private String psfmodel = "gauss";

	@Parameter(label = "psffwhm (px)", description = "lacosmic, fsmode=convolve: PSF full width at half maximum")
	private double psffwhm = 2.5;

	@Parameter(label = "psfsize (px)", min = "1", description = "lacosmic, fsmode=convolve: kernel size, odd")
	private int psfsize = 7;

	@Parameter(label = "psfbeta", description = "lacosmic, psfmodel=moffat: Moffat beta")
	private double psfbeta = 4.765;

	@Parameter(label = "bkg", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "lacosmic: background (sky) model in image units, e.g. frame.fits[SKYFIT]; protects sky lines and traces")
	private File bkg;

	@Parameter(label = "var", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		description = "lacosmic: variance image in image units squared, e.g. frame.fits[VAR], instead of the noise model")
	private File var;

	@Parameter(label = "table", required = false, style = FileWidget.SAVE_STYLE, persist = false,
		description = "Also write the cosmic-ray events (id, npix, x, y, bounding box, flux) to this CSV file")
	private File table;

	@Parameter(required = false, visibility = ItemVisibility.INVISIBLE,
		description = "Selection left untouched (the ImageJ bridge fills it from the image's ROI), 255 inside")
	private Img<UnsignedByteType> roi;

	@Parameter(type = ItemIO.OUTPUT, label = "cleaned")
	private AstroImage cleaned;

	@Parameter(type = ItemIO.OUTPUT, label = "crmask")
	private Img<UnsignedByteType> crmask;

	@Parameter(type = ItemIO.OUTPUT, label = "cosmic rays")
	private Table cosmic_rays;

	@Parameter(type = ItemIO.OUTPUT, label = "marks")
	private Marks marks;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try (FileOutputs out = outputs().add("table", table, FileOutputs.Kind.TABLE).check()) {
			AstroImage src = source2D();
			int w = src.width(), h = src.height();
			if (method.equals("median")) checkWindow("size", size, w, h);
			else if (fsmode.equals("convolve")) checkWindow("psfsize", psfsize, w, h);
			float[] data = src.data();
			int[] rows = IndexRanges.parse("protect_rows", protect_rows, h, "row");
			byte[] roiMask = Images.mask("roi", roi, w, h);
			List<String> notes = new ArrayList<>();
			CosmicRayMask result = method.equals("median") ? median(src, rows, roiMask, notes) : laCosmic(src, notes)
				.protect(data, rows.length == 0 ? null : IndexRanges.memoryRows(rows, h), roiMask);
			if (rows.length > 0) notes.add("rows " + IndexRanges.format(rows) + " protected");
			if (roiMask != null) notes.add("selection protected");
			String detail = result.summary() + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
			FitsHeader hdr = outputHeader(src).addHistory(detail + ": " + result.counts());
			cleaned = result.cleanedImage(src, hdr);
			crmask = ArrayImgs.unsignedBytes(result.mask(), w, h);
			FitsHeader maskHeader = hdr.copy().remove("BUNIT").addComment("Cosmic-ray mask: 255 = cosmic ray, 0 = not");
			cosmic_rays = result.table();
			marks = result.marks();
			List<String> lines = new ArrayList<>();
			lines.add("Remove Cosmic Rays (" + method + ") on " + src.name() + ": " + result.counts() + " (" + detail + ")");
			String wrote = write(out, cleaned, Hdu.image(crmask, maskHeader).withExtname("CRMASK").withBitpix(8));
			if (!wrote.isEmpty()) lines.add(wrote + " (SCI = cleaned, " + (cleaned.hasErr() ? "ERR, " : "") +
				"DQ with the cosmic_ray bit, CRMASK = 255 where a cosmic ray was found)");
			if (table != null) {
				CsvTables.write(out.file(table), cosmic_rays, true);
				lines.add("wrote " + table);
			}
			out.commit();
			summary = String.join("\n", lines);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	/**
	 * A window larger than 2 max(w, h) - 1 (one that covers the whole image from any pixel) adds only
	 * border values and cost: such a size is a typo (size=99999 ran out of memory), named as one. Small
	 * windows (the defaults on a tiny image) are cheap and always run.
	 */
	static void checkWindow(String key, int size, int w, int h) {
		int limit = 2 * Math.max(w, h) - 1;
		if (size > Math.max(limit, 15)) throw new IllegalArgumentException(key + " " + size + " is larger than the " + w + "x" + h + " image: a " +
			limit + " px window already covers all of it from any pixel");
	}

	private CosmicRayMask median(AstroImage src, int[] rows, byte[] roiMask, List<String> notes) throws IOException {
		MedianCosmics.Settings s = new MedianCosmics.Settings();
		s.size = size;
		s.threshold = threshold;
		s.border = border.equals("auto") ? MedianFilter.Border.ZERO : MedianFilter.Border.of(border);
		if (s.border == MedianFilter.Border.COPY) throw new IllegalArgumentException("border: copy is for lacosmic; the " +
			"median method takes zero or reflect");
		switch (sigma_from) {
			case "value":
				if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0 when sigma_from=value (got " +
					Provenance.format(sigma) + ")");
				s.sigma = sigma;
				break;
			case "err":
				if (err != null) {
					s.err = plane("err", err, src);
					notes.add("err " + err.getName());
				}
				else if (src.hasErr()) {
					s.err = src.errData();
					notes.add("ERR of " + src.name());
				}
				else throw new IllegalArgumentException("err: sigma_from=err needs an ERR image: " + src.name() +
					" has none; give err (a FITS file, e.g. errors.fits[1])");
				break;
			default:
				break;
		}
		s.protectedRows = rows.length == 0 ? null : IndexRanges.memoryRows(rows, src.height());
		s.protectedPixels = roiMask;
		return MedianCosmics.run(src.data(), src.width(), src.height(), s, progress());
	}

	private CosmicRayMask laCosmic(AstroImage src, List<String> notes) throws IOException {
		FitsHeader h = src.header();
		LaCosmic.Settings s = new LaCosmic.Settings();
		CcdKeys.Value g = CcdKeys.gain(h, gain, 1.0), rn = CcdKeys.readNoise(h, readnoise, 6.5);
		s.gain = g.value;
		s.readNoise = rn.value;
		if (g.fromHeader()) notes.add(g.note("gain"));
		if (rn.fromHeader()) notes.add(rn.note("readnoise"));
		if (satlevel > 0) s.satLevel = satlevel;
		else {
			CcdKeys.Value sat = CcdKeys.saturation(h, 0);
			if (sat.fromHeader()) {
				s.satLevel = sat.value * s.gain;
				notes.add("satlevel = " + sat.source + " x gain");
			}
		}
		s.sigClip = sigclip;
		s.sigFrac = sigfrac;
		s.objLim = objlim;
		s.iterations = niter;
		s.sepMed = medians.equals("separable");
		s.cleanType = LaCosmic.CleanType.of(cleantype);
		s.fineStructure = LaCosmic.FineStructure.of(fsmode);
		s.psfModel = PsfKernel.Model.of(psfmodel);
		s.psfFwhm = psffwhm;
		s.psfSize = psfsize;
		s.psfBeta = psfbeta;
		s.border = border.equals("auto") ? MedianFilter.Border.COPY : MedianFilter.Border.of(border);
		s.badPixels = badPixels(src, notes);
		if (bkg != null) {
			s.background = plane("bkg", bkg, src);
			notes.add("bkg " + bkg.getName());
		}
		if (var != null) {
			s.variance = plane("var", var, src);
			notes.add("var " + var.getName());
		}
		return LaCosmic.run(src.data(), src.width(), src.height(), s, progress());
	}

	/** astroscrappy's inmask: the badpix file's non-zero pixels and the image's DQ pixels with bad_flags set. */
	private byte[] badPixels(AstroImage src, List<String> notes) throws IOException {
		int flags = Dq.parse("bad_flags", bad_flags);
		float[] file = badpix == null ? null : plane("badpix", badpix, src);
		short[] dq = flags != 0 && src.hasDq() ? src.dqData() : null;
		if (file == null && dq == null) return null;
		byte[] bad = new byte[src.width() * src.height()];
		int fromFile = 0, fromDq = 0;
		for (int i = 0; i < bad.length; i++) {
			boolean f = file != null && file[i] != 0, d = dq != null && (dq[i] & flags) != 0;
			if (f) fromFile++;
			if (d) fromDq++;
			bad[i] = f || d ? (byte) 1 : 0;
		}
		if (file != null) notes.add("badpix " + badpix.getName() + " (" + fromFile + " bad pixels)");
		if (dq != null) notes.add("DQ " + Dq.names(flags) + " of " + src.name() + " as bad pixels (" + fromDq + ")");
		return bad;
	}
}
