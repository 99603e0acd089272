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
 * Several output files of one run (a simulated night, a set of calibration masters) published all or
 * nothing. Each is written into a hidden staging directory inside the output directory
 * ({@link #file(String)} gives the path to write, with any writer of this package, overwrite on);
 * {@link #commit()} then gives them their names. Without {@code overwrite} every name is claimed
 * atomically ({@link OutputFiles}): when one is taken, by an earlier run or by a run racing this one,
 * the names this run had claimed are released again and the commit fails naming the file, so of two
 * racing runs exactly one publishes its files and the other none. Names are claimed in sorted order,
 * so two runs wanting the same names cannot each take some of them.
 * <p>
 * Closing removes the staging directory; a failed or abandoned run leaves the output directory as it
 * was. Staging directories of killed runs are removed by the next run into the same directory (see
 * {@link OutputFiles#removeStale}).
 * <p>
 * Typical use: {@code try (OutputSet out = OutputSet.create(dir, overwrite)) { out.checkFree(names);
 * FitsWriter.write(out.file("a.fits"), true, hdus); ...; out.commit(); }}
 */
public final class OutputSet implements AutoCloseable {

	/** The file in a staging directory whose lock says its run is alive. */
	static final String LOCK = ".lock";
	private static final String PREFIX = ".astro-staging-";

	private final File dir;
	private final boolean overwrite;
	private final Path staging;
	private final FileChannel lockChannel;
	private final FileLock lock;
	private final Map<String, Path> staged = new LinkedHashMap<>();
	private boolean committed;

	private OutputSet(File dir, boolean overwrite, Path staging, FileChannel lockChannel, FileLock lock) {
		this.dir = dir;
		this.overwrite = overwrite;
		this.staging = staging;
		this.lockChannel = lockChannel;
		this.lock = lock;
	}

	/** Starts a set of outputs in {@code dir} (created when missing). */
	public static OutputSet create(File dir, boolean overwrite) throws IOException {
		if (dir == null) throw new IOException("no output directory given");
		if (dir.exists() && !dir.isDirectory()) throw new IOException("output " + dir + " is a file, not a directory");
		Path d = dir.toPath().toAbsolutePath();
		OutputFiles.createDirectories(d, dir);
		OutputFiles.removeStale(d, java.util.regex.Pattern.quote(PREFIX) + "\\d+");
		Path staging;
		try {
			staging = Files.createTempDirectory(d, PREFIX);
		}
		catch (java.nio.file.FileSystemException e) {
			if (!OutputFiles.denied(e)) throw e;
			throw new IOException("cannot write into " + dir + ": no permission to create files there", e);
		}
		FileChannel ch = null;
		try {
			ch = FileChannel.open(staging.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			return new OutputSet(dir, overwrite, staging, ch, ch.lock(Long.MAX_VALUE - 1, 1, false));
		}
		catch (IOException | RuntimeException e) {
			if (ch != null) ch.close();
			OutputFiles.deleteTree(staging);
			throw e;
		}
	}

	/** The output directory. */
	public File dir() {
		return dir;
	}

	public boolean overwrite() {
		return overwrite;
	}

	/**
	 * Fails early, before any work, when one of the names is taken and {@code overwrite} is off. (The
	 * commit checks again: this is only the early, friendly refusal.)
	 */
	public void checkFree(Collection<String> names) throws IOException {
		if (overwrite) return;
		for (String n : names) {
			File f = new File(dir, n);
			if (f.exists()) throw OutputFiles.exists(f.toPath());
		}
	}

	/**
	 * Where to write the output {@code name} (a file name, or a relative path such as
	 * {@code truth/stars.csv}): a path in the staging directory, its parent created. Write it with
	 * overwrite on; it is published by {@link #commit()}.
	 */
	public File file(String name) throws IOException {
		Path p = staging.resolve(name).normalize();
		if (name.isBlank() || new File(name).isAbsolute() || !p.startsWith(staging) || p.equals(staging) ||
			p.getFileName().toString().equals(LOCK)) throw new IllegalArgumentException("output name '" + name +
				"' must be a file name or a relative path inside " + dir);
		Files.createDirectories(p.getParent());
		staged.put(name, p);
		return p.toFile();
	}

	/** The names given to {@link #file(String)} so far, in that order. */
	public List<String> names() {
		return new ArrayList<>(staged.keySet());
	}

	/**
	 * Publishes every staged file under its name: all of them, or (without {@code overwrite}, when a
	 * name is taken) none, failing with the name that was taken. Returns the published files.
	 */
	public List<File> commit() throws IOException {
		if (committed) throw new IllegalStateException("outputs in " + dir + " were already published");
		Map<String, Path> sorted = new TreeMap<>(staged);
		for (Map.Entry<String, Path> e : sorted.entrySet()) {
			if (!Files.isRegularFile(e.getValue())) throw new IOException("output " + new File(dir, e.getKey()) +
				" was never written; nothing was published in " + dir);
		}
		Path d = dir.toPath().toAbsolutePath();
		List<Path[]> claimed = new ArrayList<>();
		List<Path> createdDirs = new ArrayList<>();
		List<File> published = new ArrayList<>();
		try {
			for (Map.Entry<String, Path> e : sorted.entrySet()) {
				Path target = d.resolve(e.getKey()).normalize();
				File shown = new File(dir, e.getKey());
				createParents(target.getParent(), d, createdDirs, shown);
				OutputFiles.publish(e.getValue(), target, overwrite, shown);
				claimed.add(new Path[] { target, e.getValue() });
				published.add(shown);
			}
		}
		catch (IOException e) {
			if (!overwrite) release(claimed, createdDirs);
			throw new IOException(e.getMessage() + (overwrite ? "" : "; nothing of this run was published in " + dir), e);
		}
		committed = true;
		return published;
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

	/** Removes the staging directory (and with it everything unpublished). */
	@Override
	public void close() throws IOException {
		try {
			if (lock.isValid()) lock.release();
			lockChannel.close();
		}
		finally {
			OutputFiles.deleteTree(staging);
		}
	}
}
