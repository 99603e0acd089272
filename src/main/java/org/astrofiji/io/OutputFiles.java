package org.astrofiji.io;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;

/**
 * Safe output: files appear complete or not at all (written to a temporary file in the target
 * directory, then renamed), an existing file is replaced only when asked, and an input is never
 * overwritten.
 */
public final class OutputFiles {

	/** Writes the content of a file. */
	@FunctionalInterface
	public interface Content {
		void writeTo(OutputStream out) throws IOException;
	}

	private OutputFiles() {}

	/** Fails unless {@code output} may be written: it must not exist (or {@code overwrite}). */
	public static void checkWritable(File output, boolean overwrite) throws IOException {
		if (output == null) throw new IOException("no output file given");
		if (output.isDirectory()) throw new IOException("output " + output + " is a directory, not a file");
		if (output.exists() && !overwrite) throw new IOException("output " + output +
			" already exists; choose another name or set overwrite to replace it");
	}

	/** Fails if {@code output} is one of the inputs (the same file, by any path). */
	public static void checkNotInput(File output, Collection<File> inputs) throws IOException {
		if (output == null || !output.exists()) return;
		for (File in : inputs) {
			if (in != null && in.exists() && Files.isSameFile(output.toPath(), in.toPath())) throw new IOException(
				"output " + output + " is an input of this command; inputs are never overwritten");
		}
	}

	/** Writes {@code output} atomically: a temporary file in the same directory, then a rename. */
	public static void write(File output, boolean overwrite, Content content) throws IOException {
		checkWritable(output, overwrite);
		Path target = output.toPath().toAbsolutePath();
		Files.createDirectories(target.getParent());
		// not Files.createTempFile: that makes the file private (0600); a normal file follows the umask
		Path tmp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) +
			Thread.currentThread().getId() + ".part");
		Files.createFile(tmp);
		try {
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
				content.writeTo(out);
			}
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}
}
