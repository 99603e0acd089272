package org.astrofiji.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * File-name globs as users type them ({@code science_*.fits, *flat*}) and the comma-separated lists
 * they come in. Names are matched, never files: listing a directory is the io layer's job.
 */
public final class Globs {

	private Globs() {}

	/** A comma- (or semicolon- or line-) separated list, trimmed, empty entries dropped. */
	public static List<String> split(String list) {
		List<String> out = new ArrayList<>();
		if (list == null) return out;
		for (String s : list.split("[,;\\n]")) if (!s.isBlank()) out.add(s.trim());
		return out;
	}

	/**
	 * True when {@code name} matches one of the comma-separated globs, ignoring case: {@code *} any
	 * run of characters, {@code ?} one character, {@code [abc]}, {@code [a-z]} and {@code [!abc]} one
	 * of (or none of) a set.
	 */
	public static boolean matches(String globs, String name) {
		String n = name.toLowerCase(Locale.ROOT);
		for (String g : split(globs)) {
			// a plain name (Reduce Night's calibration parts list every frame: N names against N files) needs no regex
			boolean plain = g.indexOf('*') < 0 && g.indexOf('?') < 0 && g.indexOf('[') < 0;
			if (plain ? g.toLowerCase(Locale.ROOT).equals(n) : pattern(g).matcher(n).matches()) return true;
		}
		return false;
	}

	/** The regular expression of one glob, lower case. */
	static Pattern pattern(String glob) {
		String g = glob.toLowerCase(Locale.ROOT);
		StringBuilder re = new StringBuilder();
		for (int i = 0; i < g.length(); i++) {
			char c = g.charAt(i);
			int close = c == '[' ? g.indexOf(']', i + 2) : -1;
			if (c == '*') re.append(".*");
			else if (c == '?') re.append('.');
			else if (close > 0) {
				String set = g.substring(i + 1, close);
				re.append('[').append(set.startsWith("!") ? "^" + quoteSet(set.substring(1)) : quoteSet(set)).append(']');
				i = close;
			}
			else re.append(Pattern.quote(String.valueOf(c)));
		}
		return Pattern.compile(re.toString(), Pattern.DOTALL);
	}

	/** A glob set's characters for a regex class: ranges (a-z) kept, everything else literal. */
	private static String quoteSet(String set) {
		StringBuilder sb = new StringBuilder();
		for (char c : set.toCharArray()) sb.append(c == '-' ? "-" : Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
		return sb.toString();
	}
}
