package org.astrofiji.command;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.widget.FileWidget;

import org.astrofiji.io.FitsPath;
import org.astrofiji.io.OutputFiles;
import org.astrofiji.io.OutputSet;

/**
 * The files one run of a command writes (its FITS file, CSV table, region file, picture, the frames of
 * an output directory), declared before any work, checked together and published together. A command
 * declares each output with its key and kind, {@link #check()}s them all before it reads or computes
 * anything, writes each to {@link #file(File)} (a staged path) and ends with {@link #commit()}: so a
 * bad output (an existing file without {@code overwrite}, an input, two outputs naming one file, a
 * folder that cannot be written, a FITS file named {@code .png}) fails the run before any work with a
 * message naming its key, and a run that fails later (a bad keyword, a full disk, a racing run that
 * took a name) leaves no file behind. Publishing is {@link OutputSet}'s: all or nothing, and "never
 * replace an existing file" holds at that moment, also against a run racing this one.
 * <p>
 * The command's inputs are found by themselves: every {@code File} parameter opened with
 * {@link FileWidget#OPEN_STYLE} (with any {@code [EXT]} selector removed); file lists and directories
 * of frames are added with {@link #input}. Every {@code File} parameter saved with
 * {@link FileWidget#SAVE_STYLE} that is set must be declared, or {@link #check()} fails: no output of
 * a command can escape the checks.
 */
public final class FileOutputs implements AutoCloseable {

	/** What an output file holds: its name must not say otherwise. */
	public enum Kind {
		FITS, TABLE, REGIONS, PICTURE;

		private static final String FITS_NAME = "(?i).+\\.(fits|fit|fts)(\\.gz|\\.fz)?";
		private static final String PICTURE_NAME = "(?i).+\\.(png|tif|tiff)";
		private static final String OTHER_NAME = "(?i).+\\.(png|tif|tiff|jpg|jpeg|gif|bmp|fits|fit|fts|fz|gz)";

		/** The refusal of a file name that does not fit this kind, or null. */
		String refuse(String key, File f) {
			String n = f.getName();
			switch (this) {
				case FITS:
					return n.matches(FITS_NAME) ? null : key + ": " + f + " is not a FITS file name; end it in .fits (.fits.gz " +
						"for gzip, .fits.fz for tile compression)";
				case PICTURE:
					return n.matches(PICTURE_NAME) ? null : key + " must end in .png, .tif or .tiff (got " + n + ")";
				default:
					return n.matches(OTHER_NAME) ? key + ": " + f + " would be a " + (this == TABLE ? "CSV table" : "DS9 region file") +
						" named like a FITS file or a picture; give it a name ending in " + (this == TABLE ? ".csv" : ".reg") : null;
			}
		}
	}

	private static final class Output {

		final String key;
		final File file;
		final Kind kind;

		Output(String key, File file, Kind kind) {
			this.key = key;
			this.file = file;
			this.kind = kind;
		}
	}

	private final Object command;
	private final boolean overwrite;
	private final List<File> inputs = new ArrayList<>();
	private final List<Output> outputs = new ArrayList<>();
	private OutputSet set;

	private FileOutputs(Object command, boolean overwrite) {
		this.command = command;
		this.overwrite = overwrite;
	}

	/** The outputs of one run of {@code command}; its file inputs are taken from its parameters. */
	public static FileOutputs of(Object command, boolean overwrite) {
		FileOutputs out = new FileOutputs(command, overwrite);
		for (Map.Entry<Declarations.Declared, Object> e : fileParameters(command).entrySet()) {
			if (style(e.getKey()).contains(FileWidget.OPEN_STYLE)) out.input((File) e.getValue());
		}
		return out;
	}

	/** An input besides the command's file parameters (a frame of a list, a FITS file with [EXT]); null is ignored. */
	public FileOutputs input(File file) {
		if (file != null) inputs.add(FitsPath.parse(file).file());
		return this;
	}

	/** Several inputs. */
	public FileOutputs inputs(Collection<File> files) {
		for (File f : files) input(f);
		return this;
	}

	/** Declares the output {@code file} (null: not wanted) of the parameter {@code key}. */
	public FileOutputs add(String key, File file, Kind kind) {
		if (file != null) outputs.add(new Output(key, file, kind));
		return this;
	}

	/** True when {@code file} is a declared output. */
	public boolean has(File file) {
		return file != null && find(file) != null;
	}

	/**
	 * Checks every declared output before the run does any work: its name fits its kind, it is not a
	 * directory, it exists only with {@code overwrite}, its folder can be made and written, it is no
	 * input and no other output. Fails with a one-line message naming the key.
	 */
	public FileOutputs check() {
		undeclared();
		Map<Path, Output> seen = new LinkedHashMap<>();
		for (Output o : outputs) {
			Path p = o.file.toPath().toAbsolutePath().normalize();
			Output other = seen.put(p, o);
			if (other != null) throw new IllegalArgumentException(other.key.equals(o.key) ? o.key + ": " + other.file +
				" is named twice; give each output its own file" : other.key + " and " + o.key + " are both " + other.file +
				"; give each output its own file");
			try {
				// the most basic fault first: a folder, an input, a name of another kind, a file that exists
				if (o.file.isDirectory()) OutputFiles.checkWritable(o.file, true);
				OutputFiles.checkNotInput(o.file, inputs);
				String refusal = o.kind.refuse(o.key, o.file);
				if (refusal != null) throw new IllegalArgumentException(refusal);
				OutputFiles.checkWritable(o.file, overwrite);
				OutputFiles.checkFolder(o.file);
			}
			catch (IOException e) {
				// "output X already exists" needs no "output: " before it
				String m = e.getMessage();
				throw new IllegalArgumentException(m.startsWith(o.key + " ") ? m : o.key + ": " + m, e);
			}
		}
		return this;
	}

	/** Where to write the declared output {@code file}: a staged path, published by {@link #commit()}. */
	public File file(File file) throws IOException {
		Output o = find(file);
		if (o == null) throw new IllegalStateException(file + " is not a declared output of " + command.getClass().getSimpleName());
		if (set == null) set = OutputSet.create(overwrite);
		return set.file(o.file);
	}

	/** Publishes every output written (all or nothing); returns them. */
	public List<File> commit() throws IOException {
		return set == null ? List.of() : set.commit();
	}

	/** Removes whatever was staged and not published. */
	@Override
	public void close() throws IOException {
		if (set != null) set.close();
	}

	private Output find(File file) {
		for (Output o : outputs) if (o.file.equals(file)) return o;
		return null;
	}

	/** A set output parameter that was not declared is a mistake in the command: it would escape the checks. */
	private void undeclared() {
		for (Map.Entry<Declarations.Declared, Object> e : fileParameters(command).entrySet()) {
			if (!style(e.getKey()).contains(FileWidget.SAVE_STYLE) || e.getValue() == null) continue;
			boolean declared = false;
			for (Output o : outputs) declared |= o.file.equals(e.getValue());
			if (!declared) throw new IllegalStateException(command.getClass().getSimpleName() + ": the output " + e.getKey().field.getName() +
				" is not declared in its FileOutputs");
		}
	}

	/** The command's {@code File} parameters and their values. */
	private static Map<Declarations.Declared, Object> fileParameters(Object command) {
		Map<Declarations.Declared, Object> files = new LinkedHashMap<>();
		for (Declarations.Declared d : Commands.declared(command.getClass())) {
			Field f = d.field;
			if (f.getType() != File.class) continue;
			try {
				f.setAccessible(true);
				files.put(d, f.get(command));
			}
			catch (IllegalAccessException | RuntimeException e) {
				throw new IllegalStateException("cannot read the parameter " + f.getName() + " of " + command.getClass().getName(), e);
			}
		}
		return files;
	}

	private static String style(Declarations.Declared d) {
		String s = d.parameter.style();
		return s == null ? "" : s.toLowerCase(Locale.ROOT);
	}
}
