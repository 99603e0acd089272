package org.astrofiji.pipeline;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

import org.astrofiji.command.Commands;

/**
 * The night pipeline's settings file: one {@code <step>.<key> = <value>} per line, where the step is a
 * command's label in lower case with '_' for other characters and the key one of its parameters, e.g.
 * <pre>
 * # a deeper detection and a stricter cosmic-ray threshold
 * find_stars.k = 5
 * remove_cosmic_rays.sigclip = 6
 * master_calibration.bias = zero_*.fits
 * </pre>
 * Blank lines and lines starting with {@code #} are ignored; the value is the rest of the line after
 * the first '=', trimmed (no quotes or escapes: paths are written as they are). Every key is checked
 * against the commands' own parameters, limits and choices before anything runs ({@link #validate}).
 */
public final class PipelineConfig implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String source;
	private final Map<String, String> values;
	private final Map<String, Integer> lines;

	private PipelineConfig(String source, Map<String, String> values, Map<String, Integer> lines) {
		this.source = source;
		this.values = Collections.unmodifiableMap(values);
		this.lines = lines;
	}

	/** No settings: every step with the pipeline's defaults. */
	public static PipelineConfig empty() {
		return new PipelineConfig("", new LinkedHashMap<>(), new LinkedHashMap<>());
	}

	/** The settings of a file (null: none). */
	public static PipelineConfig read(File file) {
		if (file == null || file.getPath().isEmpty()) return empty();
		if (!file.isFile()) throw new IllegalArgumentException("config: no file " + file);
		try {
			return parse(new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8), file.getPath());
		}
		catch (IOException e) {
			throw new IllegalArgumentException("config: cannot read " + file + " (" + e.getMessage() + ")");
		}
	}

	/** Parses the text of a settings file; {@code source} names it in messages. */
	public static PipelineConfig parse(String text, String source) {
		Map<String, String> values = new LinkedHashMap<>();
		Map<String, Integer> lines = new LinkedHashMap<>();
		String[] all = text.split("\r?\n", -1);
		for (int i = 0; i < all.length; i++) {
			String line = all[i].trim();
			if (line.isEmpty() || line.startsWith("#")) continue;
			int eq = line.indexOf('=');
			String where = "config " + source + " line " + (i + 1);
			if (eq < 0) throw new IllegalArgumentException(where + ": '" + line + "' is not <step>.<key> = <value>");
			String key = line.substring(0, eq).trim(), value = line.substring(eq + 1).trim();
			int dot = key.indexOf('.');
			if (dot <= 0 || dot == key.length() - 1) throw new IllegalArgumentException(where + ": '" + key +
				"' is not <step>.<key>, e.g. find_stars.k");
			if (values.containsKey(key)) throw new IllegalArgumentException(where + ": " + key + " is set twice (also on line " +
				lines.get(key) + ")");
			values.put(key, value);
			lines.put(key, i + 1);
		}
		// a settings file that sets nothing is most likely the wrong file
		if (values.isEmpty()) throw new IllegalArgumentException("config " + source + " sets nothing: no <step>.<key> = <value> line, " +
			"e.g. find_stars.k = 5");
		return new PipelineConfig(source, values, lines);
	}

	/**
	 * Checks every key before anything runs: the step must be one of {@code steps}, the key one of its
	 * command's parameters and not one the pipeline sets, the value valid for it. The first problem is
	 * one line naming the key and, for a misspelling, the closest name.
	 */
	public void validate(Context context, List<StepKind> steps) {
		CommandService cs = context.service(CommandService.class);
		Map<String, StepKind> bySlug = new LinkedHashMap<>();
		for (StepKind k : steps) bySlug.put(k.slug, k);
		for (Map.Entry<String, String> e : values.entrySet()) {
			String key = e.getKey(), slug = key.substring(0, key.indexOf('.')), name = key.substring(key.indexOf('.') + 1);
			String where = "config " + source + " line " + lines.get(key) + ": " + key;
			StepKind kind = bySlug.get(slug);
			if (kind == null) throw new IllegalArgumentException(where + ": no step '" + slug + "'" + Commands.suggestion(slug,
				new ArrayList<>(bySlug.keySet())) + "; the steps are " + String.join(", ", bySlug.keySet()));
			CommandInfo info = Commands.find(cs, kind.label);
			List<String> names = new ArrayList<>();
			for (ModuleItem<?> item : Commands.parameters(info)) if (!kind.wired().contains(item.getName())) names.add(item.getName());
			if (kind.wired().contains(name)) throw new IllegalArgumentException(where + ": the pipeline sets " + name +
				" of " + kind.label + " itself (files and images follow the output layout)");
			if (!names.contains(name)) throw new IllegalArgumentException(where + ": " + kind.label + " has no parameter '" + name +
				"'" + Commands.suggestion(name, names) + "; its keys are " + String.join(", ", names));
			try {
				Commands.convert(context, info, Map.of(name, e.getValue()));
			}
			catch (IllegalArgumentException x) {
				throw new IllegalArgumentException(where + ": " + x.getMessage());
			}
		}
	}

	/** The settings of a step: the pipeline's defaults, then the file's values. */
	public Map<String, String> settings(StepKind kind) {
		Map<String, String> s = new LinkedHashMap<>(kind.defaults());
		String prefix = kind.slug + ".";
		for (Map.Entry<String, String> e : values.entrySet()) {
			if (e.getKey().startsWith(prefix)) s.put(e.getKey().substring(prefix.length()), e.getValue());
		}
		return s;
	}

	/** True when the file sets this key of the step. */
	public boolean sets(StepKind kind, String key) {
		return values.containsKey(kind.slug + "." + key);
	}

	/** Every setting of the file, {@code step.key} to value, in file order. */
	public Map<String, String> values() {
		return values;
	}

	/** The file's name, or "" without one. */
	public String source() {
		return source;
	}
}
