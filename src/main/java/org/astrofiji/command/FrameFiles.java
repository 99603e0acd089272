package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.calibration.RowSource;
import org.astrofiji.io.FitsBandReader;
import org.astrofiji.core.image.FitsHeader;

/**
 * Frames on disk for the calibration commands: selecting FITS files by glob, opening them once for
 * reading in bands, and reading the header numbers a recipe needs with errors that name the file and
 * the keyword.
 */
final class FrameFiles {

	private FrameFiles() {}

	/** FITS file names: .fits, .fit, .fts, optionally .gz or .fz. */
	static boolean isFits(String name) {
		return name.toLowerCase(Locale.ROOT).matches(".*\\.(fits|fit|fts)(\\.gz|\\.fz)?");
	}

	/**
	 * The FITS files in {@code dir} whose names match one of the comma-separated globs ({@code *},
	 * {@code ?}, {@code [..]}; case-insensitive), sorted by name.
	 */
	static List<File> glob(File dir, String globs) throws IOException {
		if (dir == null || !dir.isDirectory()) throw new IOException("directory " + dir + " does not exist");
		List<PathMatcher> matchers = new ArrayList<>();
		for (String g : split(globs)) matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g.toLowerCase(Locale.ROOT)));
		File[] all = dir.listFiles();
		List<File> out = new ArrayList<>();
		if (all == null) return out;
		Arrays.sort(all);
		for (File f : all) {
			if (!f.isFile() || !isFits(f.getName())) continue;
			Path name = Path.of(f.getName().toLowerCase(Locale.ROOT));
			for (PathMatcher m : matchers) {
				if (m.matches(name)) {
					out.add(f);
					break;
				}
			}
		}
		return out;
	}

	/** A comma-separated list, trimmed, empty entries dropped. */
	static List<String> split(String list) {
		List<String> out = new ArrayList<>();
		if (list == null) return out;
		for (String s : list.split("[,;\\n]")) if (!s.isBlank()) out.add(s.trim());
		return out;
	}

	/** Opens each file (an HDU selector in the name or {@code hdu} picks the HDU); closes them all on failure. */
	static List<FitsBandReader> open(List<String> paths, String hdu) throws IOException {
		List<FitsBandReader> readers = new ArrayList<>();
		try {
			for (String p : paths) {
				boolean selector = p.endsWith("]") && !new File(p).exists();
				readers.add(selector || hdu == null || hdu.isBlank() ? FitsBandReader.open(p) : FitsBandReader.open(new File(p), hdu));
			}
			return readers;
		}
		catch (IOException | RuntimeException e) {
			close(readers);
			throw e;
		}
	}

	static void close(List<FitsBandReader> readers) {
		for (FitsBandReader r : readers) {
			try {
				r.close();
			}
			catch (IOException e) {
				// reading is over; nothing to lose
			}
		}
	}

	/** A band reader as a frame source for the core. */
	static RowSource source(FitsBandReader r) {
		return new RowSource() {

			@Override
			public String name() {
				return r.name();
			}

			@Override
			public int width() {
				return r.width();
			}

			@Override
			public int height() {
				return r.height();
			}

			@Override
			public void read(int row, int rows, float[] dst, int offset) throws IOException {
				r.read(row, rows, dst, offset);
			}
		};
	}

	/**
	 * A header number that must be there: fails naming the file, the keyword and why it is needed when
	 * it is missing or not a number.
	 */
	static double required(FitsHeader h, String key, String why) {
		String v = h.getString(key);
		if (v == null || v.isEmpty()) throw new IllegalArgumentException(h.source() + " has no " + key.toUpperCase(Locale.ROOT) +
			" keyword; it is needed " + why);
		try {
			return h.getDouble(key);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(e.getMessage() + "; it is needed " + why);
		}
	}

	/** A header number, or NaN when the keyword is absent, blank or not a number (or the key empty). */
	static double optional(FitsHeader h, String key) {
		if (key == null || key.isBlank()) return Double.NaN;
		try {
			Double d = h.getDouble(key);
			return d == null ? Double.NaN : d;
		}
		catch (IllegalArgumentException e) {
			return Double.NaN;
		}
	}
}
