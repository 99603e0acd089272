package org.astrofiji.ij1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reading ImageJ macro option strings: {@code key=value key=[value with spaces] flag}. */
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
				if (i < n && options.charAt(i) == '[') {
					int close = options.indexOf(']', i);
					i = close < 0 ? n : close + 1;
				}
				else while (i < n && options.charAt(i) != ' ') i++;
			}
		}
		return keys;
	}
}
