package org.astrofiji.pipeline;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A command the night pipeline runs: its label, its key in the config file ({@link #slug}), the keys
 * the pipeline sets itself (files and images: {@link #wired}) and the pipeline's own choices where they
 * differ from the command's defaults. Every other parameter of the command keeps its default unless
 * the config sets it: there is no second parameter list.
 */
public final class StepKind implements Serializable {

	private static final long serialVersionUID = 1L;

	public final String label, slug;
	private final Set<String> wired;
	private final Map<String, String> defaults;

	private StepKind(String label, Set<String> wired, Map<String, String> defaults) {
		this.label = label;
		this.slug = slug(label);
		this.wired = Collections.unmodifiableSet(wired);
		this.defaults = Collections.unmodifiableMap(defaults);
	}

	/** A step running the command {@code label}, which sets the {@code wired} keys itself. */
	static StepKind of(String label, String... wired) {
		return new StepKind(label, new LinkedHashSet<>(List.of(wired)), new LinkedHashMap<>());
	}

	/** The same with the pipeline's default for a key (the config may still change it). */
	StepKind with(String key, String value) {
		Map<String, String> d = new LinkedHashMap<>(defaults);
		d.put(key, value);
		return new StepKind(label, new LinkedHashSet<>(wired), d);
	}

	/** The config-file name of a command: its label in lower case, other characters as '_' ("Find Stars": find_stars). */
	public static String slug(String label) {
		return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
	}

	/** Keys the pipeline sets from the plan (files, images): a config may not set them. */
	public Set<String> wired() {
		return wired;
	}

	/** The pipeline's defaults that differ from the command's. */
	public Map<String, String> defaults() {
		return defaults;
	}

	@Override
	public String toString() {
		return label;
	}
}
