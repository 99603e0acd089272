package org.astrofiji.io;

import java.io.File;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FITS file with an optional HDU selector, written as astropy and the oracle scripts write it:
 * {@code frame.fits} (the first HDU with an image), {@code frame.fits[1]} (by 0-based index),
 * {@code frame.fits[SCI]} (by EXTNAME) or {@code frame.fits[SCI,2]} (EXTNAME and EXTVER).
 */
public final class FitsPath {

	private static final Pattern SELECTOR = Pattern.compile("^(.*)\\[([^\\[\\]]+)\\]$");

	private final File file;
	private final String hdu;

	public FitsPath(File file, String hdu) {
		this.file = file;
		this.hdu = hdu == null || hdu.isBlank() ? null : hdu.trim();
	}

	/** Splits a trailing {@code [hdu]} off the path unless a file of that exact name exists. */
	public static FitsPath parse(String path) {
		Matcher m = SELECTOR.matcher(path.trim());
		if (m.matches() && !new File(path).exists()) return new FitsPath(new File(m.group(1)), m.group(2));
		return new FitsPath(new File(path.trim()), null);
	}

	public static FitsPath parse(File file) {
		return parse(file.getPath());
	}

	public File file() {
		return file;
	}

	/** The selector without brackets, or null for the default HDU. */
	public String hdu() {
		return hdu;
	}

	@Override
	public String toString() {
		return hdu == null ? file.getPath() : file.getPath() + "[" + hdu + "]";
	}
}
