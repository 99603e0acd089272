package org.astrofiji.io;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.astrofiji.core.Globs;
import org.astrofiji.core.image.RowSource;
import org.astrofiji.core.image.FitsHeader;

/**
 * Frames on disk for the commands that combine and calibrate them: the FITS files of a directory
 * (selected by {@link Globs}), each opened once for reading in bands. As an object, the frames of
 * one directory opened on demand by name and closed together.
 */
public final class FrameFiles implements AutoCloseable {

	private final File dir;
	private final String hdu;
	private final Map<String, FitsBandReader> open = new LinkedHashMap<>();

	/** The frames of {@code dir}, each read from {@code hdu} (empty: the first image). */
	public FrameFiles(File dir, String hdu) {
		this.dir = dir;
		this.hdu = hdu;
	}

	/** The names of the FITS files in the directory, sorted. */
	public List<String> names() throws IOException {
		List<String> names = new ArrayList<>();
		for (File f : list(dir)) names.add(f.getName());
		return names;
	}

	/** The header of a frame (opening it the first time). */
	public FitsHeader header(String name) throws IOException {
		return reader(name).header();
	}

	/** A frame's pixels, read in bands. */
	public RowSource source(String name) throws IOException {
		return source(reader(name));
	}

	/** Opens another file (e.g. a product to read back) to be closed with the others. */
	public RowSource open(File file, String hduOfFile) throws IOException {
		FitsBandReader r = FitsBandReader.open(file, hduOfFile);
		open.put(file.getPath(), r);
		return source(r);
	}

	private FitsBandReader reader(String name) throws IOException {
		FitsBandReader r = open.get(name);
		if (r == null) {
			r = open(List.of(new File(dir, name).getPath()), hdu).get(0);
			open.put(name, r);
		}
		return r;
	}

	@Override
	public void close() {
		close(new ArrayList<>(open.values()));
		open.clear();
	}

	/** FITS file names: .fits, .fit, .fts, optionally .gz or .fz. */
	public static boolean isFits(String name) {
		return name.toLowerCase(Locale.ROOT).matches(".*\\.(fits|fit|fts)(\\.gz|\\.fz)?");
	}

	/** The FITS files in {@code dir}, sorted by name. */
	public static List<File> list(File dir) throws IOException {
		if (dir == null || !dir.isDirectory()) throw new IOException("directory " + dir + " does not exist");
		File[] all = dir.listFiles();
		List<File> out = new ArrayList<>();
		if (all == null) return out;
		Arrays.sort(all);
		for (File f : all) if (f.isFile() && isFits(f.getName())) out.add(f);
		return out;
	}

	/** The FITS files in {@code dir} whose names match one of the comma-separated globs ({@link Globs}), sorted by name. */
	public static List<File> glob(File dir, String globs) throws IOException {
		List<File> out = new ArrayList<>();
		for (File f : list(dir)) if (Globs.matches(globs, f.getName())) out.add(f);
		return out;
	}

	/**
	 * The frames a user names: the comma-separated {@code files} (relative to {@code directory} when
	 * given), else the files of {@code directory} matching {@code pattern} (at least one), else none.
	 */
	public static List<String> paths(String files, File directory, String pattern) throws IOException {
		List<String> paths = new ArrayList<>();
		List<String> listed = Globs.split(files);
		// a directory given must be one, even when absolute file names leave it unused
		if (directory != null && !directory.isDirectory()) throw new IllegalArgumentException("directory: " + directory +
			(directory.exists() ? " is a file, not a directory" : " does not exist"));
		if (!listed.isEmpty()) {
			for (String f : listed) paths.add(directory != null && !new File(f).isAbsolute() ? new File(directory, f).getPath() : f);
		}
		else if (directory != null) {
			for (File f : glob(directory, pattern)) paths.add(f.getPath());
			if (paths.isEmpty()) throw new IllegalArgumentException("pattern '" + pattern + "' matched no FITS file in " + directory);
		}
		return paths;
	}

	/**
	 * The files of a comma-separated list as a user gives it (parameter {@code key}): paths as given (an
	 * HDU selector allowed), or, for an entry whose file name holds a glob ({@code /night/science_*.fits}),
	 * the FITS files it matches in its folder, sorted. An entry that names nothing is an error.
	 */
	public static List<String> expand(String key, String list) throws IOException {
		List<String> out = new ArrayList<>();
		for (String entry : Globs.split(list)) {
			File f = new File(entry);
			if (f.getName().contains("*") || f.getName().contains("?")) {
				File dir = f.getAbsoluteFile().getParentFile();
				List<File> found = glob(dir, f.getName());
				if (found.isEmpty()) throw new IllegalArgumentException(key + ": '" + entry + "' matches no FITS file");
				for (File g : found) out.add(g.getPath());
			}
			else {
				if (!FitsPath.parse(entry).file().isFile()) throw new IllegalArgumentException(key + ": no file " + entry);
				out.add(entry);
			}
		}
		return out;
	}

	/** Opens each file (an HDU selector in the name or {@code hdu} picks the HDU); closes them all on failure. */
	public static List<FitsBandReader> open(List<String> paths, String hdu) throws IOException {
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

	public static void close(List<FitsBandReader> readers) {
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
	public static RowSource source(FitsBandReader r) {
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
}
