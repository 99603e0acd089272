package org.astrofiji.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.astrofiji.command.Declarations;

/**
 * The commands of Astro Fiji's own plugin index: the {@code META-INF/json/org.scijava.plugin.Plugin}
 * that SciJava's annotation processor writes into this jar (or classes folder) from the commands'
 * {@code @Plugin} annotations at build time, read directly. SciJava's plugin discovery reads the
 * indexes of every jar and makes an annotation proxy per entry (30-45 ms of a one-shot run); a
 * lookup here reads one small file and loads no class.
 */
final class OwnPlugins {

	private static final String INDEX = "META-INF/json/" + Plugin.class.getName();

	/** A command's class name and label, as its {@code @Plugin} gives them. */
	static final class Entry {
		final String className, label;

		Entry(String className, String label) {
			this.className = className;
			this.label = label;
		}
	}

	private OwnPlugins() {}

	/** The commands of the index beside this class, in its order; none when it cannot be read. */
	static List<Entry> commands() {
		List<Entry> commands = new ArrayList<>();
		String json = read();
		if (json == null) return commands;
		try {
			Json in = new Json(json);
			for (Object o = in.next(); o != null; o = in.next()) {
				Map<?, ?> item = (Map<?, ?>) o, values = (Map<?, ?>) item.get("values");
				if (values == null || !Command.class.getName().equals(values.get("type"))) continue;
				Object label = values.get("label");
				commands.add(new Entry((String) item.get("class"), label instanceof String ? (String) label : ""));
			}
			return commands;
		}
		catch (RuntimeException e) {
			return new ArrayList<>(); // an index this reader does not understand: the full context reads it
		}
	}

	/** The index of this class's jar or classes folder, found from its location (not by a class path search). */
	private static String read() {
		return Declarations.resource(OwnPlugins.class, INDEX);
	}

	/** Reads the index: JSON objects one after the other; objects as maps, arrays as lists, other values as text. */
	private static final class Json {

		private final String s;
		private int i;

		Json(String s) {
			this.s = s;
		}

		/** The next top-level value, or null at the end. */
		Object next() {
			space();
			return i < s.length() ? value() : null;
		}

		private Object value() {
			space();
			char c = s.charAt(i);
			if (c == '{') {
				Map<String, Object> map = new LinkedHashMap<>();
				i++;
				for (space(); s.charAt(i) != '}'; space()) {
					String key = string();
					space();
					expect(':');
					map.put(key, value());
					space();
					if (s.charAt(i) == ',') i++;
				}
				i++;
				return map;
			}
			if (c == '[') {
				List<Object> list = new ArrayList<>();
				i++;
				for (space(); s.charAt(i) != ']'; space()) {
					list.add(value());
					space();
					if (s.charAt(i) == ',') i++;
				}
				i++;
				return list;
			}
			if (c == '"') return string();
			int start = i; // a number, true, false or null
			while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) i++;
			return s.substring(start, i);
		}

		private String string() {
			expect('"');
			StringBuilder sb = new StringBuilder();
			for (char c = s.charAt(i++); c != '"'; c = s.charAt(i++)) {
				if (c == '\\') {
					char e = s.charAt(i++);
					if (e == 'u') {
						sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
						i += 4;
					}
					else sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e);
				}
				else sb.append(c);
			}
			return sb.toString();
		}

		private void expect(char c) {
			if (s.charAt(i) != c) throw new IllegalStateException("plugin index: '" + c + "' expected at " + i);
			i++;
		}

		private void space() {
			while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
		}
	}
}
