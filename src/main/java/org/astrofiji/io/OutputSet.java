package org.astrofiji.io;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output files of one run (a simulated night, a set of calibration masters, a command's FITS file
 * and its table) published all or nothing. Each is written into a hidden staging directory beside its
 * final place ({@link #file(String)} or {@link #file(File)} gives the path to write, with any writer
 * of this package, overwrite on); {@link #commit()} then gives them their names. Without
 * {@code overwrite} every name is claimed atomically ({@link OutputFiles}): when one is taken, by an
 * earlier run or by a run racing this one, the names this run had claimed are released again and the
 * commit fails naming the file, so of two racing runs exactly one publishes its files and the other
 * none. Names are claimed in sorted order, so two runs wanting the same names cannot each take some of
 * them.
 * <p>
 * Nothing appears in the output directories before the commit: a staging directory is made in the
 * deepest directory of an output's path that exists, and the missing directories are created by the
 * commit (and removed again when it fails). Closing removes the staging directories; a failed or
 * abandoned run leaves the file system as it was. Staging directories of killed runs are removed by
 * the next run staging in the same directory (see {@link OutputFiles#removeStale}).
 * <p>
 * Typical use: {@code try (OutputSet out = OutputSet.create(dir, overwrite)) { out.checkFree(names);
 * FitsWriter.write(out.file("a.fits"), true, hdus); ...; out.commit(); }}
 */
public final class OutputSet implements AutoCloseable {

	/** The file in a staging directory whose lock says its run is alive. */
	static final String LOCK = ".lock";
	private static final String PREFIX = ".astro-staging-";

	/** A staging directory in {@code root} (an existing directory), locked while the run lives. */
	private static final class Staging {

		final Path root, dir;
		final FileChannel lockChannel;
		final FileLock lock;

		Staging(Path root, Path dir, FileChannel lockChannel, FileLock lock) {
			this.root = root;
			this.dir = dir;
			this.lockChannel = lockChannel;
			this.lock = lock;
		}
	}

	/** One staged output: its name as given, its final path, the path it is written to. */
	private static final class Staged {

		final String name;
		final File shown;
		final Path target, root, path;

		Staged(String name, File shown, Path target, Path root, Path path) {
			this.name = name;
			this.shown = shown;
			this.target = target;
			this.root = root;
			this.path = path;
		}
	}

	private final File dir;
	/** Where the outputs named relative to {@link #dir} are staged. */
	private Path dirRoot;
	private final boolean overwrite;
	private final Map<Path, Staging> stagings = new LinkedHashMap<>();
	private final Map<Path, Staged> staged = new LinkedHashMap<>();
	private boolean committed;

	private OutputSet(File dir, boolean overwrite) {
		this.dir = dir;
		this.overwrite = overwrite;
	}

	/**
	 * Starts a set of outputs named relative to {@code dir} ({@link #file(String)}); the directory is
	 * created by the commit when missing. Fails at once when it cannot be made or written into.
	 */
	public static OutputSet create(File dir, boolean overwrite) throws IOException {
		if (dir == null) throw new IOException("no output directory given");
		if (dir.exists() && !dir.isDirectory()) throw new IOException("output " + dir + " is a file, not a directory");
		OutputSet set = new OutputSet(dir, overwrite);
		try {
			set.dirRoot = root(dir.toPath().toAbsolutePath().normalize(), dir);
			set.staging(set.dirRoot, dir);
			return set;
		}
		catch (IOException | RuntimeException e) {
			set.close();
			throw e;
		}
	}

	/** Starts a set of outputs anywhere ({@link #file(File)}). */
	public static OutputSet create(boolean overwrite) {
		return new OutputSet(null, overwrite);
	}

	public boolean overwrite() {
		return overwrite;
	}

	/**
	 * Fails early, before any work, when one of the names (relative to the directory) is taken and
	 * {@code overwrite} is off. (The commit checks again: this is only the early, friendly refusal.)
	 */
	public void checkFree(Collection<String> names) throws IOException {
		if (overwrite) return;
		for (String n : names) {
			File f = new File(dir, n);
			if (f.exists()) throw OutputFiles.exists(f.toPath());
		}
	}

	/**
	 * Where to write the output {@code name} of the directory (a file name, or a relative path such as
	 * {@code truth/stars.csv}): a path in the staging directory, its parent created. Write it with
	 * overwrite on; it is published by {@link #commit()}. Asking again gives the same path.
	 */
	public File file(String name) throws IOException {
		if (dir == null) throw new IllegalStateException("an output set without a directory takes files, not names");
		Path d = dir.toPath().toAbsolutePath().normalize();
		Path target = d.resolve(name).normalize();
		if (name.isBlank() || new File(name).isAbsolute() || !target.startsWith(d) || target.equals(d) ||
			target.getFileName().toString().equals(LOCK)) throw new IllegalArgumentException("output name '" + name +
				"' must be a file name or a relative path inside " + dir);
		return stage(name, new File(dir, name), target, dirRoot);
	}

	/**
	 * Where to write the output file {@code target} (any path): a path in a staging directory in the
	 * deepest existing directory of its path. Write it with overwrite on; it is published by
	 * {@link #commit()}. Asking again gives the same path.
	 */
	public File file(File target) throws IOException {
		if (target == null) throw new IOException("no output file given");
		Path t = target.toPath().toAbsolutePath().normalize();
		if (t.getParent() == null) throw new IOException("output " + target + " is not a file name");
		Staged known = staged.get(t);
		if (known != null) return known.path.toFile();
		Path root = root(t.getParent(), target);
		staging(root, target);
		return stage(target.getPath(), target, t, root);
	}

	private File stage(String name, File shown, Path target, Path root) throws IOException {
		Staged known = staged.get(target);
		if (known != null) return known.path.toFile();
		Path p = stagings.get(root).dir.resolve(root.relativize(target));
		Files.createDirectories(p.getParent());
		staged.put(target, new Staged(name, shown, target, root, p));
		return p.toFile();
	}

	/** The deepest existing directory on the way to {@code dir}; a file there is named as the error. */
	private static Path root(Path dir, File shown) throws IOException {
		Path p = dir;
		while (p != null && !Files.exists(p)) p = p.getParent();
		if (p == null) throw new IOException("cannot write " + shown + ": no existing directory on its path");
		if (!Files.isDirectory(p)) throw new IOException("cannot write " + shown + ": " + p + " is a file, not a directory");
		return p;
	}

	/** The staging directory in {@code root}, made (and locked) when it is the first output there. */
	private void staging(Path root, File shown) throws IOException {
		if (stagings.containsKey(root)) return;
		OutputFiles.removeStale(root, java.util.regex.Pattern.quote(PREFIX) + "\\d+");
		Path dirPath;
		try {
			dirPath = OutputFiles.createPrivateDirectory(root, PREFIX);
		}
		catch (java.nio.file.FileSystemException e) {
			if (!OutputFiles.denied(e)) throw e;
			throw new IOException("cannot write " + shown + ": no permission to create files in " + root, e);
		}
		FileChannel ch = null;
		try {
			ch = FileChannel.open(dirPath.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			stagings.put(root, new Staging(root, dirPath, ch, ch.lock(Long.MAX_VALUE - 1, 1, false)));
		}
		catch (IOException | RuntimeException e) {
			if (ch != null) ch.close();
			OutputFiles.deleteTree(dirPath);
			throw e;
		}
	}

	/** The names given to {@link #file} so far, in that order. */
	public List<String> names() {
		List<String> names = new ArrayList<>();
		for (Staged s : staged.values()) names.add(s.name);
		return names;
	}

	/**
	 * Publishes every staged file under its name: all of them, or (without {@code overwrite}, when a
	 * name is taken) none, failing with the name that was taken. Returns the published files.
	 */
	public List<File> commit() throws IOException {
		if (committed) throw new IllegalStateException("these outputs were already published");
		Map<Path, Staged> sorted = new TreeMap<>(staged);
		for (Staged s : sorted.values()) {
			if (!Files.isRegularFile(s.path)) throw new IOException("output " + s.shown + " was never written; nothing was published" +
				where());
		}
		List<Path[]> claimed = new ArrayList<>();
		List<Path> createdDirs = new ArrayList<>();
		List<File> published = new ArrayList<>();
		try {
			for (Staged s : sorted.values()) {
				createParents(s.target.getParent(), s.root, createdDirs, s.shown);
				OutputFiles.publish(s.path, s.target, overwrite, s.shown);
				claimed.add(new Path[] { s.target, s.path });
				published.add(s.shown);
			}
		}
		catch (IOException e) {
			if (!overwrite) release(claimed, createdDirs);
			throw new IOException(e.getMessage() + (overwrite ? "" : "; nothing of this run was published" + where()), e);
		}
		committed = true;
		return published;
	}

	/** " in DIR" for a set in one directory, else "". */
	private String where() {
		return dir != null ? " in " + dir : "";
	}

	/** Gives back the names this commit took (each checked to still be this run's file). */
	private static void release(List<Path[]> claimed, List<Path> createdDirs) {
		for (Path[] c : claimed) {
			try {
				if (!Files.exists(c[1]) || Files.isSameFile(c[0], c[1])) Files.deleteIfExists(c[0]);
			}
			catch (IOException e) {
				// nothing more can be done; the commit's failure is reported
			}
		}
		for (int i = createdDirs.size() - 1; i >= 0; i--) {
			try {
				Files.deleteIfExists(createdDirs.get(i));
			}
			catch (IOException e) {
				// not empty: another run uses it
			}
		}
	}

	/** Creates the missing directories down to {@code parent}, noting those this run made. */
	private static void createParents(Path parent, Path root, List<Path> created, File shown) throws IOException {
		List<Path> missing = new ArrayList<>();
		for (Path p = parent; p != null && p.startsWith(root) && !Files.isDirectory(p); p = p.getParent()) missing.add(0, p);
		for (Path p : missing) {
			try {
				Files.createDirectory(p);
				created.add(p);
			}
			catch (java.nio.file.FileAlreadyExistsException e) {
				if (!Files.isDirectory(p)) throw new IOException("cannot write " + shown + ": " + p + " is a file, not a directory");
			}
			catch (java.nio.file.FileSystemException e) {
				if (!OutputFiles.denied(e)) throw e;
				throw new IOException("cannot write " + shown + ": no permission to create " + p, e);
			}
		}
	}

	/** Removes the staging directories (and with them everything unpublished). */
	@Override
	public void close() throws IOException {
		IOException failed = null;
		for (Staging s : stagings.values()) {
			try {
				if (s.lock.isValid()) s.lock.release();
				s.lockChannel.close();
			}
			catch (IOException e) {
				failed = e;
			}
			finally {
				try {
					OutputFiles.deleteTree(s.dir);
				}
				catch (IOException e) {
					failed = e;
				}
			}
		}
		stagings.clear();
		if (failed != null) throw failed;
	}
}
