package org.astrofiji.pipeline;

import java.io.File;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command run of the night: the command, its parameter values as text (the files the plan wires
 * in, then the step's settings), the files it reads and the files it writes. What runs it (the local
 * scheduler, a distributed engine, an ImageJ macro replaying it) needs nothing else.
 */
public final class StepCall implements Serializable {

	private static final long serialVersionUID = 1L;

	public final StepKind kind;
	/** What it works on: a frame's stem, a filter group, or "night". */
	public final String target;
	private final Map<String, String> params = new LinkedHashMap<>();
	private final List<File> inputs = new ArrayList<>(), outputs = new ArrayList<>();

	StepCall(StepKind kind, String target) {
		this.kind = kind;
		this.target = target;
	}

	/** A call of {@code kind} on {@code target} with the step's settings (see {@link PipelineConfig#settings}). */
	static StepCall of(StepKind kind, String target, PipelineConfig config) {
		StepCall c = new StepCall(kind, target);
		for (String k : kind.wired()) c.params.put(k, null);
		c.params.putAll(config.settings(kind));
		return c;
	}

	/** Sets a key the plan wires (a file, a list of files). */
	StepCall set(String key, Object value) {
		params.put(key, value instanceof File ? ((File) value).getPath() : String.valueOf(value));
		return this;
	}

	/** Sets a key unless the settings set it already. */
	StepCall setDefault(String key, Object value) {
		if (params.get(key) == null) set(key, value);
		return this;
	}

	StepCall reads(File... files) {
		Collections.addAll(inputs, files);
		return this;
	}

	StepCall reads(List<File> files) {
		inputs.addAll(files);
		return this;
	}

	StepCall writes(File... files) {
		Collections.addAll(outputs, files);
		return this;
	}

	/** A unique name: "find_stars science_V_001". */
	public String id() {
		return kind.slug + " " + target;
	}

	/** The parameter values as text, unset wired keys left out. */
	public Map<String, String> params() {
		Map<String, String> p = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : params.entrySet()) if (e.getValue() != null) p.put(e.getKey(), e.getValue());
		return p;
	}

	public String param(String key) {
		return params.get(key);
	}

	public List<File> inputs() {
		return Collections.unmodifiableList(inputs);
	}

	public List<File> outputs() {
		return Collections.unmodifiableList(outputs);
	}

	@Override
	public String toString() {
		return id();
	}
}
