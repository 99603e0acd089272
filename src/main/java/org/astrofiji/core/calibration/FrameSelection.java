package org.astrofiji.core.calibration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.astrofiji.core.Globs;
import org.astrofiji.core.image.FitsHeader;

/**
 * Which frames of a night are bias, dark, flat and science frames. Each type has a glob (or several,
 * comma-separated, case-insensitive) matched against the file names; a matched frame that has the
 * frame-type keyword (IMAGETYP) is taken only when its value is one of the type's values, so a
 * directory alone is enough for frames that carry IMAGETYP and globs alone select frames without it.
 * Frames a calibration type took are not science frames. A glob that selects nothing is an error
 * naming it, except the default dark and flat globs (a night may have neither).
 */
public final class FrameSelection {

	/** The frame types, with their parameter names, default globs and default IMAGETYP values. */
	public enum Type {
		BIAS("bias", "bias", "*bias*", "Bias Frame,bias,zero", "; give bias= empty for no bias subtraction"),
		DARK("dark", "darks", "*dark*", "Dark Frame,dark", ""),
		FLAT("flat", "flats", "*flat*", "Flat Field,Flat Frame,flat,flatfield,sky flat,dome flat,twilight flat", ""),
		SCIENCE("science", "science", "*", "Light Frame,light,object,science", "; give science= empty for masters only");

		/** "dark": the name in tables and messages. */
		public final String label;
		/** "darks": the parameter holding the glob. */
		public final String key;
		public final String defaultGlob, defaultValues;
		private final String emptyHint;

		Type(String label, String key, String defaultGlob, String defaultValues, String emptyHint) {
			this.label = label;
			this.key = key;
			this.defaultGlob = defaultGlob;
			this.defaultValues = defaultValues;
			this.emptyHint = emptyHint;
		}

		/** The default glob may match nothing: a night need not have darks or flats. */
		boolean mayBeEmpty(String glob) {
			return (this == DARK || this == FLAT) && glob.equals(defaultGlob);
		}
	}

	/** The header of a frame by file name (the caller opens each file once). */
	@FunctionalInterface
	public interface Headers {
		FitsHeader of(String name) throws IOException;
	}

	/** A frame a glob matched but its IMAGETYP excluded, and why. */
	public static final class Skipped {

		public final String name, note;

		Skipped(String name, String note) {
			this.name = name;
			this.note = note;
		}
	}

	/** The frames of each type, in name order, and the frames skipped for their IMAGETYP. */
	public static final class Result {

		private final Map<Type, List<String>> frames;
		public final List<Skipped> skipped;

		Result(Map<Type, List<String>> frames, List<Skipped> skipped) {
			this.frames = frames;
			this.skipped = Collections.unmodifiableList(skipped);
		}

		public List<String> frames(Type t) {
			return frames.get(t);
		}
	}

	private final String typeKey;
	private final Map<Type, String> globs = new EnumMap<>(Type.class), values = new EnumMap<>(Type.class);

	private FrameSelection(String typeKey) {
		this.typeKey = typeKey == null || typeKey.isBlank() ? null : typeKey.trim();
		for (Type t : Type.values()) {
			globs.put(t, t.defaultGlob);
			values.put(t, t.defaultValues);
		}
	}

	/** Selection by the frame-type keyword {@code typeKey} (empty or null: by globs only) and the default globs and values. */
	public static FrameSelection by(String typeKey) {
		return new FrameSelection(typeKey);
	}

	/** The glob(s) of a type; empty or null: no frames of that type. */
	public FrameSelection glob(Type t, String glob) {
		globs.put(t, glob == null ? "" : glob.trim());
		return this;
	}

	/** The frame-type values of a type, comma-separated, case-insensitive. */
	public FrameSelection values(Type t, String list) {
		values.put(t, list == null ? "" : list);
		return this;
	}

	/**
	 * Selects among {@code names} (the FITS files of the night, sorted); {@code where} names their
	 * directory in messages. Reads the header of every matched frame.
	 */
	public Result select(List<String> names, String where, Headers headers) throws IOException {
		Map<Type, List<String>> sel = new EnumMap<>(Type.class);
		List<Skipped> skipped = new ArrayList<>();
		Set<String> calibration = new LinkedHashSet<>();
		for (Type t : Type.values()) {
			List<String> list = new ArrayList<>();
			sel.put(t, list);
			String glob = globs.get(t);
			if (glob.isEmpty()) continue;
			List<String> matched = new ArrayList<>();
			for (String n : names) if (Globs.matches(glob, n) && !(t == Type.SCIENCE && calibration.contains(n))) matched.add(n);
			List<String> seen = new ArrayList<>();
			for (String n : matched) {
				String type = typeKey == null ? null : headers.of(n).getString(typeKey);
				if (type != null && !isOneOf(type, values.get(t))) {
					if (!seen.contains(type)) seen.add(type);
					skipped.add(new Skipped(n, t.key + " glob matched it but " + upper(typeKey) + " = '" + type + "'"));
					continue;
				}
				list.add(n);
				if (t != Type.SCIENCE) calibration.add(n);
			}
			if (!list.isEmpty() || t.mayBeEmpty(glob)) continue;
			if (matched.isEmpty()) throw new IllegalArgumentException(t.key + ": '" + glob + "' matched no FITS file in " + where +
				t.emptyHint);
			throw new IllegalArgumentException(t.key + ": '" + glob + "' matched " + matched.size() + " files but none has " +
				upper(typeKey) + " in [" + values.get(t) + "] (found " + String.join(", ", seen) + "); change " + t.label +
				"_types, or give imagetyp_key= empty to select by name only");
		}
		// a frame one glob skipped but another type took is not "skipped"
		Set<String> taken = new LinkedHashSet<>();
		for (List<String> l : sel.values()) taken.addAll(l);
		skipped.removeIf(s -> taken.contains(s.name));
		return new Result(sel, skipped);
	}

	private static boolean isOneOf(String value, String list) {
		for (String v : Globs.split(list)) if (v.equalsIgnoreCase(value.trim())) return true;
		return false;
	}

	private static String upper(String key) {
		return key.toUpperCase(Locale.ROOT);
	}
}
