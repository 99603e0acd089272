package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.astrofiji.core.Parallel;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.registration.Aligner;
import org.astrofiji.core.registration.Alignment;
import org.astrofiji.core.registration.RegistrationTables;
import org.astrofiji.core.registration.Transform;
import org.astrofiji.core.registration.TransformFinder;
import org.astrofiji.io.CsvTables;
import org.astrofiji.io.FrameFiles;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * Registers frames onto a reference ({@link Aligner}): an open image and/or FITS files (a list or
 * globs), each matched by stars or placed by the two WCSs, resampled onto the reference's grid and
 * written as SCI/ERR/DQ with the WCS, with a table of the transforms. A frame that cannot be aligned
 * is reported and skipped; the others are processed, and the command ends with an error naming the
 * failures. Longer than most commands (about 200 lines) for the frame list, the up-front output
 * checks and that per-frame bookkeeping.
 */
@Plugin(type = Command.class, label = "Align Images", headless = true,
	description = "Register frames onto a reference by stars (translation, similarity, affine) or by WCS, resample them (ERR, DQ, WCS follow) and tabulate the transforms")
public class AlignImagesCommand implements Command {

	@Parameter(label = "image", required = false, description = "An open image to align (by title); none when only files are aligned")
	private AstroImage image;

	@Parameter(label = "reference", required = false, description = "The reference image whose grid the frames are aligned onto (an open image by title)")
	private AstroImage reference;

	@Parameter(label = "reference_input", required = false, style = FileWidget.OPEN_STYLE, persist = false,
		attrs = @Attr(name = Commands.ALTERNATIVE_TO, value = "reference"), description = "A FITS file as the reference instead of an open image (headless runs)")
	private File reference_input;

	@Parameter(label = "frames", required = false, persist = false,
		description = "FITS files to align, comma-separated; a * or ? in a file name selects files by pattern (e.g. /data/night/science_B_*.fits)")
	private String frames = "";

	@Parameter(label = "method", choices = { "stars", "wcs" },
		description = "stars: match the stars detected in each frame and the reference; wcs: the transform from the frames' and the reference's WCS (the reference must have one)")
	private String method = "stars";

	@Parameter(label = "transform", choices = { "similarity", "translation", "affine" },
		description = "similarity: rotation, scale and shift; translation: shift only (fast path for drifting frames); affine: also shear and unequal scales")
	private String transform = "similarity";

	@Parameter(label = "interpolation", choices = { "cubic", "lanczos3", "bilinear", "nearest" }, description = Resampling.INTERPOLATION)
	private String interpolation = "cubic";

	@Parameter(label = "fill", choices = { "nan", "zero" }, description = Resampling.FILL)
	private String fill = "nan";

	@Parameter(label = "conserve_flux", description = "Divide by the transform's area scale so that summed fluxes are kept when frames differ in pixel scale")
	private boolean conserve_flux;

	@Parameter(label = "resample", description = "Resample the frames onto the reference's grid; off: only find the transforms and write each frame unresampled with the reference's WCS carried onto it")
	private boolean resample = true;

	@Parameter(label = "tolerance (px)", min = "0.1", description = "Star matching: largest distance between a transformed star and its reference star")
	private double tolerance = 2;

	@Parameter(label = "max_error (px)", min = "0.001", description = "Star matching: refuse a transform whose 1-sigma uncertainty exceeds this over the stars' field")
	private double max_error = 0.5;

	@Parameter(label = "output", required = false, style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "Directory for <frame>_aligned.fits (or <frame>_wcs.fits without resampling) and transforms.csv; empty: write nothing")
	private File output;

	@Parameter(label = "overwrite", required = false, description = "Replace output files that exist")
	private boolean overwrite;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(type = ItemIO.OUTPUT, label = "aligned")
	private AstroImage aligned;

	@Parameter(type = ItemIO.OUTPUT, label = "transforms")
	private Table transforms;

	@Parameter(type = ItemIO.OUTPUT, label = "summary")
	private String summary;

	@Override
	public void run() {
		try {
			align();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
	}

	private void align() throws IOException {
		List<String> paths = FrameFiles.expand("frames", frames);
		if (image == null && paths.isEmpty()) throw new IllegalArgumentException("nothing to align: choose an image or give frames");
		List<String> names = new ArrayList<>();
		if (image != null) names.add(image.name());
		names.addAll(paths);
		List<File> outs = outputs(names);
		FileOutputs declared = FileOutputs.of(this, overwrite);
		for (String p : paths) declared.input(new File(p));
		for (int i = 0; outs != null && i < outs.size(); i++) {
			declared.add("output", outs.get(i), i == outs.size() - 1 ? FileOutputs.Kind.TABLE : FileOutputs.Kind.FITS);
		}
		try (FileOutputs files = declared.check()) {
			AstroImage ref = reference_input != null ? FitsReader.readImage(reference_input.getPath()) : reference;
			if (ref == null) throw new IllegalArgumentException("reference: no image; choose an open image or give reference_input");
			Aligner aligner = Aligner.onto(ref).by(Aligner.Method.of(method))
				.finder(TransformFinder.of(Transform.Kind.of(transform)).tolerance(tolerance).maxError(max_error))
				.resampler(Resampling.resampler(interpolation, fill).conserveFlux(conserve_flux));
			transforms = RegistrationTables.transforms();
			List<String> failures = new ArrayList<>(), wrote = new ArrayList<>();
			Set<String> types = new LinkedHashSet<>();
			types.add(type(ref));
			FrameResult[] done = alignAll(aligner, names, outs, files);
			// rows, failures and notes in the frames' order, whichever thread aligned them
			for (FrameResult r : done) {
				if (r.type != null) types.add(r.type);
				if (r.alignment != null) RegistrationTables.add(transforms, r.frameName, r.alignment);
				if (r.failure != null) {
					failures.add(named(r.name, r.failure));
					RegistrationTables.addFailure(transforms, r.name, r.failure);
					continue;
				}
				if (r.out != null) aligned = r.out;
				if (r.wrote != null) wrote.add(r.wrote);
			}
			boolean any = failures.size() < names.size();
			File table = output == null ? null : new File(output, "transforms.csv");
			if (table != null && any) CsvTables.write(files.file(table), transforms, true);
			// the frames aligned and the table are published together, also when some frames failed
			files.commit();
			summary = summary(ref, names.size(), failures.size(), wrote, table != null && any ? table : null, types);
			if (!failures.isEmpty()) {
				if (names.size() == 1) throw new IllegalArgumentException(failures.get(0));
				throw new IllegalArgumentException(failures.size() + " of " + names.size() + " frames could not be aligned: " + String.join(
					"; ", failures) + (any ? " (" + summary.replace("\n", "; ") + ")" : ""));
			}
		}
	}

	/** What aligning one frame gave: its transform and output file, or why it failed. */
	private static final class FrameResult {
		String name, frameName, type, failure, wrote;
		Alignment alignment;
		/** The aligned image kept as the command's output (one frame, or the open image). */
		AstroImage out;
	}

	/**
	 * Every frame read, aligned and written, several frames at a time (one per thread, each frame's own
	 * loops helped by threads that are idle), at most as many in memory as threads. Each frame's result
	 * depends only on the frame and the reference, so the results are those of one thread.
	 */
	private FrameResult[] alignAll(Aligner aligner, List<String> names, List<File> outs, FileOutputs files) {
		if (aligner.method() == Aligner.Method.STARS) aligner.referenceStars(); // detected once, before the frames share it
		FrameResult[] done = new FrameResult[names.size()];
		AtomicInteger next = new AtomicInteger(), finished = new AtomicInteger();
		StatusProgress progress = new StatusProgress(status);
		Parallel.forRange(Math.min(Parallel.threads(), names.size()), 1, (from, to) -> {
			for (int i; (i = next.getAndIncrement()) < names.size();) {
				done[i] = alignOne(aligner, names, i, outs, files);
				progress.report("Align Images: " + done[i].name, finished.incrementAndGet() / (double) names.size());
			}
		});
		return done;
	}

	private FrameResult alignOne(Aligner aligner, List<String> names, int i, List<File> outs, FileOutputs files) {
		FrameResult r = new FrameResult();
		r.name = new File(names.get(i)).getName();
		try {
			AstroImage frame = i == 0 && image != null ? image : FitsReader.readImage(names.get(i));
			r.type = type(frame);
			r.frameName = frame.name();
			r.alignment = aligner.find(frame);
			FitsHeader header = frame.headerCopy().addHistory(Provenance.of(this));
			AstroImage out = resample ? aligner.resample(frame, r.alignment, header) : aligner.withReferenceWcs(frame, r.alignment, header);
			if (names.size() == 1 || i == 0 && image != null) r.out = out;
			if (outs != null && (resample || aligner.method() == Aligner.Method.STARS && aligner.reference().header().hasWcs())) {
				File target;
				synchronized (files) {
					target = files.file(outs.get(i));
				}
				FitsWriter.write(target, true, Hdu.of(out));
				r.wrote = outs.get(i).getName();
			}
		}
		catch (IllegalArgumentException | IOException e) {
			r.failure = e.getMessage();
		}
		return r;
	}

	/** "name: why", unless the message names the image already. */
	static String named(String name, String message) {
		return message != null && message.startsWith(name) ? message : name + ": " + message;
	}

	/** The output file of each frame and transforms.csv (none with the same name), or null without output. */
	private List<File> outputs(List<String> names) {
		if (output == null) return null;
		if (output.isFile()) throw new IllegalArgumentException("output must be a directory (got the file " + output + ")");
		List<File> outs = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		for (String n : names) {
			File f = new File(output, stem(n) + (resample ? "_aligned.fits" : "_wcs.fits"));
			if (!seen.add(f.getName())) throw new IllegalArgumentException("frames: two frames would both be written to " + f);
			outs.add(f);
		}
		outs.add(new File(output, "transforms.csv"));
		return outs;
	}

	/** A file or image name without directory, HDU selector and FITS extension. */
	static String stem(String name) {
		String n = new File(name.replaceAll("\\[[^\\]]*\\]$", "")).getName();
		return n.replaceAll("(?i)\\.(fits|fit|fts)(\\.gz|\\.fz)?$", "");
	}

	private static String type(AstroImage a) {
		return a.bitpix() < 0 ? "float" : a.bitpix() + "-bit";
	}

	private String summary(AstroImage ref, int n, int failed, List<String> wrote, File table, Set<String> types) {
		StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Align Images onto %s (%s, by %s, %s): %d of %d frames aligned",
			ref.name(), ref.size(), method, transform, n - failed, n));
		for (int r = 0; r < transforms.rowCount(); r++) {
			if (!"ok".equals(transforms.getString(r, "status"))) continue;
			sb.append(String.format(Locale.ROOT, "\n  %s: shift (%.3f, %.3f) px, rotation %.4f deg, scale %.6f, RMS %.3f px, %d stars",
				transforms.getString(r, "frame"), transforms.getDouble(r, "dx"), transforms.getDouble(r, "dy"), transforms.getDouble(r,
					"rotation"), transforms.getDouble(r, "scale"), transforms.getDouble(r, "rms"), (int) transforms.getDouble(r, "matched")));
		}
		if (types.size() > 1) sb.append("\nnote: the images have different pixel types (").append(String.join(", ", types)).append(
			"), all aligned as 32-bit float");
		if (!wrote.isEmpty()) sb.append("\nwrote ").append(wrote.size()).append(wrote.size() == 1 ? " frame to " : " frames to ").append(output).append(" (").append(
			String.join(", ", wrote)).append(")");
		else if (output != null && !resample) sb.append("\nno frames written: " + (method.equals("wcs") ? "they keep their own WCS"
			: "the reference has no WCS to carry onto them"));
		if (table != null) sb.append("\nwrote ").append(table);
		return sb.toString();
	}
}
