package org.astrofiji.io;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Safe output: files appear complete or not at all (written to a temporary file in the target
 * directory, then published), an existing file is replaced only when asked, and an input is never
 * overwritten.
 * <p>
 * "Never replace an existing file" holds at the moment of publishing, also when two runs race for the
 * same name: the finished file is hard-linked to its name, which the file system does only when the
 * name is free (a rename would silently replace a file that appeared meanwhile). Exactly one of the
 * racing runs wins; the others fail naming the file.
 * <p>
 * A run holds a lock on its temporary file while writing it. Temporary files of runs that were
 * killed are removed by the next run writing the same output: those older than this process whose
 * lock can be taken (a live run's cannot).
 */
public final class OutputFiles {

	/** Writes the content of a file. */
	@FunctionalInterface
	public interface Content {
		void writeTo(OutputStream out) throws IOException;
	}

	/** Locked region of a temporary file: beyond its content, so the lock never blocks reading it. */
	private static final long LOCK_AT = Long.MAX_VALUE - 1;

	private OutputFiles() {}

	/** Fails unless {@code output} may be written: it must not exist (or {@code overwrite}). */
	public static void checkWritable(File output, boolean overwrite) throws IOException {
		if (output == null) throw new IOException("no output file given");
		if (output.isDirectory()) throw new IOException("output " + output + " is a directory, not a file");
		if (output.exists() && !overwrite) throw exists(output.toPath());
	}

	/**
	 * Fails unless the folder of {@code output} exists or can be made, and files can be created in it:
	 * the deepest existing directory on its path must be a directory this process may write.
	 */
	public static void checkFolder(File output) throws IOException {
		Path p = output.toPath().toAbsolutePath().normalize().getParent();
		while (p != null && !Files.exists(p)) p = p.getParent();
		if (p == null) return;
		if (!Files.isDirectory(p)) throw new IOException("cannot write " + output + ": " + p + " is a file, not a directory");
		if (!Files.isWritable(p)) throw new IOException("cannot write " + output + ": no permission to create files in " + p);
	}

	/** Fails if {@code output} is one of the inputs (the same file, by any path). */
	public static void checkNotInput(File output, Collection<File> inputs) throws IOException {
		if (output == null || !output.exists()) return;
		for (File in : inputs) {
			if (in != null && in.exists() && Files.isSameFile(output.toPath(), in.toPath())) throw new IOException(
				"output " + output + " is an input of this command; inputs are never overwritten");
		}
	}

	/**
	 * Writes {@code output} atomically: a temporary file in the same directory, then published under
	 * its name; without {@code overwrite} only if no file of that name exists at that moment.
	 */
	public static void write(File output, boolean overwrite, Content content) throws IOException {
		checkWritable(output, overwrite);
		Path target = output.toPath().toAbsolutePath();
		createDirectories(target.getParent(), output);
		removeStale(target.getParent(), java.util.regex.Pattern.quote("." + target.getFileName() + ".") + "[0-9a-f]{8}\\.part");
		try (Temp tmp = Temp.create(target, output)) {
			try (OutputStream out = new Staging(tmp.channel)) {
				content.writeTo(out);
			}
			catch (IOException e) {
				// a full disk or a failing device: say which output, never the hidden temporary name
				String m = NomTam.reason(e).replace(tmp.path.toString(), output.toString());
				throw m.contains(output.toString()) ? new IOException(m, e) : new IOException("cannot write " + output + ": " + m, e);
			}
			publish(tmp.path, target, overwrite, output);
		}
	}

	/**
	 * Gives the finished file {@code tmp} the name {@code target}: replacing an existing file only
	 * with {@code overwrite}. Without it, the name is claimed atomically (a hard link, made only when
	 * the name is free); {@code tmp} remains and is the caller's to delete. {@code shown} is the output
	 * as the user named it, for messages.
	 */
	static void publish(Path tmp, Path target, boolean overwrite, File shown) throws IOException {
		try {
			if (overwrite) {
				try {
					Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (AtomicMoveNotSupportedException e) {
					Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
				}
				return;
			}
			try {
				Files.createLink(target, tmp);
			}
			catch (UnsupportedOperationException | FileSystemException e) {
				if (e instanceof FileAlreadyExistsException || e instanceof AccessDeniedException ||
					e instanceof NoSuchFileException) throw e;
				// a file system without hard links (FAT, some network shares): a move that refuses an existing
				// target, checked and done in two steps by the JDK, so a race can slip between them
				Files.move(tmp, target);
			}
		}
		catch (FileAlreadyExistsException e) {
			throw exists(target.toFile().equals(shown.getAbsoluteFile()) ? shown.toPath() : target);
		}
		catch (FileSystemException e) {
			if (!denied(e)) throw e;
			throw new IOException("cannot write " + shown + ": no permission to write in " + target.getParent(), e);
		}
	}

	static IOException exists(Path output) {
		return new IOException("output " + output + " already exists; choose another name or set overwrite to replace it");
	}

	/** Creates the directory an output goes to, or says clearly why not. */
	static void createDirectories(Path dir, File output) throws IOException {
		try {
			Files.createDirectories(dir);
		}
		catch (FileAlreadyExistsException e) {
			throw new IOException("cannot write " + output + ": " + e.getFile() + " is a file, not a directory");
		}
		catch (FileSystemException e) {
			if (!denied(e)) throw e;
			throw new IOException("cannot write " + output + ": no permission to create " + e.getFile(), e);
		}
	}

	/** EACCES (AccessDeniedException) or EPERM ("Operation not permitted": an immutable folder, say). */
	static boolean denied(FileSystemException e) {
		return e instanceof AccessDeniedException || "Operation not permitted".equals(e.getReason());
	}

	/**
	 * The stream a {@link Content} writes to: buffered, over the temporary file's channel. A writer of
	 * this package with large ready buffers (FITS pixels) may {@link #flush} and then write them to
	 * {@link #channel} itself, sparing the copy the stream would make of them.
	 */
	static final class Staging extends BufferedOutputStream {

		final FileChannel channel;

		Staging(FileChannel channel) {
			super(Channels.newOutputStream(channel), 1 << 20);
			this.channel = channel;
		}
	}

	/** A temporary file being written, locked until closed, deleted when closed. */
	static final class Temp implements AutoCloseable {

		final Path path;
		final FileChannel channel;
		private final FileLock lock;

		private Temp(Path path, FileChannel channel, FileLock lock) {
			this.path = path;
			this.channel = channel;
			this.lock = lock;
		}

		/** A new hidden file beside {@code target}: {@code .name.<random>.part}. */
		static Temp create(Path target, File shown) throws IOException {
			Path path = null;
			FileChannel ch = null;
			try {
				// not Files.createTempFile: that makes the file private (0600); a normal file follows the umask
				for (int attempt = 0; ch == null; attempt++) {
					path = target.resolveSibling("." + target.getFileName() + "." + suffix() + ".part");
					try {
						ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
					}
					catch (FileAlreadyExistsException e) {
						if (attempt == 2) throw e; // another run drew the same name: draw again
					}
				}
			}
			catch (FileSystemException e) {
				if (denied(e)) throw new IOException(
					"cannot write " + shown + ": no permission to create files in " + target.getParent(), e);
				throw new IOException("cannot write " + shown + ": " + NomTam.reason(e).replace(path.toString(),
					target.getParent().toString()), e);
			}
			try {
				return new Temp(path, ch, ch.lock(LOCK_AT, 1, false));
			}
			catch (IOException | RuntimeException e) {
				ch.close();
				Files.deleteIfExists(path);
				throw e;
			}
		}

		/**
		 * 8 random hex digits (32 bits, as many as the first group of a random UUID gave): not a secure
		 * random, whose first use in a JVM costs ~30 ms; CREATE_NEW refuses an existing name or link, so
		 * a guessed name cannot redirect the write.
		 */
		private static String suffix() {
			String hex = Integer.toHexString(ThreadLocalRandom.current().nextInt());
			return "00000000".substring(hex.length()) + hex;
		}

		@Override
		public void close() throws IOException {
			try {
				if (lock.isValid()) lock.release();
				channel.close();
			}
			finally {
				Files.deleteIfExists(path);
			}
		}
	}

	/**
	 * When this process started: files older than that are not its own. A holder, read only when a
	 * leftover is found: asking the OS costs a one-shot run ~10-20 ms (process-handle classes, a thread pool).
	 * Linux gives it to ~1 s (boot time in whole seconds): it may be early, never late, so a leftover made
	 * in the last second before this run is left for a later one, and a live run's new file is never taken.
	 */
	private static final class Started {

		static final Instant AT = ProcessHandle.current().info().startInstant().orElseGet(
			() -> Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
	}

	/**
	 * Removes what killed runs left in {@code dir}: files and staging directories whose name matches
	 * {@code regex}, that are older than this process and whose lock (on the file itself, or on the
	 * {@code .lock} file of a directory) no live run holds.
	 */
	static void removeStale(Path dir, String regex) {
		// compiled once, not per file (String.matches): a folder of 500 files cost a one-shot run ~20 ms
		java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
		try (DirectoryStream<Path> list = Files.newDirectoryStream(dir, p -> pattern.matcher(p.getFileName().toString()).matches())) {
			for (Path p : list) {
				try {
					FileTime t = Files.getLastModifiedTime(p);
					if (!t.toInstant().isBefore(Started.AT)) continue;
					boolean isDir = Files.isDirectory(p);
					Path lockFile = isDir ? p.resolve(OutputSet.LOCK) : p;
					if (isDir && !Files.exists(lockFile)) continue; // being set up, or not ours
					if (!abandoned(lockFile)) continue;
					if (isDir) deleteTree(p);
					else Files.deleteIfExists(p);
				}
				catch (IOException e) {
					// left for a later run: cleaning up is a courtesy, never a reason to fail
				}
			}
		}
		catch (IOException e) {
			// as above
		}
	}

	/** True when no process holds the lock of {@code file} (its writer died). */
	private static boolean abandoned(Path file) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
			FileLock lock = ch.tryLock(LOCK_AT, 1, false);
			if (lock == null) return false;
			lock.release();
			return true;
		}
		catch (OverlappingFileLockException e) {
			return false; // held in this JVM
		}
	}

	/**
	 * Deletes a file or a folder with everything in it; nothing if it does not exist. Links are deleted,
	 * never followed. A plain recursion over directory listings, not {@code Files.walk(..).sorted(..)}:
	 * every run closes its staging directory with this, and the stream pipeline's first use cost a
	 * one-shot run ~5 ms.
	 */
	public static void deleteTree(Path dir) throws IOException {
		if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
			try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
				for (Path p : list) deleteTree(p);
			}
		}
		Files.deleteIfExists(dir);
	}

	/**
	 * A new directory {@code prefix<digits>} in {@code parent}, only its owner may enter (as
	 * {@code Files.createTempDirectory} makes it), its name drawn from {@link ThreadLocalRandom}: the
	 * secure random {@code createTempDirectory} draws from cost a one-shot run ~10 ms on its first use;
	 * {@code createDirectory} refuses an existing name or link, so a guessed name cannot redirect it.
	 */
	static Path createPrivateDirectory(Path parent, String prefix) throws IOException {
		boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
		for (int attempt = 0;; attempt++) {
			Path dir = parent.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
			try {
				return posix ? Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
					: Files.createDirectory(dir);
			}
			catch (FileAlreadyExistsException e) {
				if (attempt == 2) throw e; // another run drew the same name: draw again
			}
		}
	}
}
