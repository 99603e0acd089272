package org.astrofiji.ij1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading ImageJ macro option strings: {@code key=value key=[value with spaces] key=[nested[brackets]]
 * key='quoted' flag}, the way ImageJ's {@code Macro.getValue} reads the values.
 */
final class MacroOptions {

	private MacroOptions() {}

	/** The keys of an option string, lower-cased, in order. */
	static List<String> keys(String options) {
		List<String> keys = new ArrayList<>();
		int i = 0, n = options.length();
		while (i < n) {
			while (i < n && options.charAt(i) == ' ') i++;
			int start = i;
			while (i < n && options.charAt(i) != ' ' && options.charAt(i) != '=') i++;
			if (i > start) keys.add(options.substring(start, i).toLowerCase(Locale.ROOT));
			if (i < n && options.charAt(i) == '=') {
				i++;
				if (i < n && options.charAt(i) == '\'') {
					int close = options.indexOf('\'', i + 1);
					i = close < 0 ? n : close + 1;
				}
				else if (i < n && options.charAt(i) == '[') i = closingBracket(options, i) + 1;
				else while (i < n && options.charAt(i) != ' ') i++;
			}
		}
		return keys;
	}

	/**
	 * The index of the ']' closing the '[' at {@code open}, brackets nested (as ImageJ's own
	 * {@code Macro.getValue} reads them since 1.54, so {@code reference=[frame.fits[SCI]]} is one value,
	 * the title of an image opened from an extension); the last index when it is not closed.
	 */
	private static int closingBracket(String options, int open) {
		int depth = 0;
		for (int i = open; i < options.length(); i++) {
			char c = options.charAt(i);
			if (c == '[') depth++;
			else if (c == ']' && --depth == 0) return i;
		}
		return options.length() - 1;
	}
}
