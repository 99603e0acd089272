package org.astrofiji.io;

import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.astrofiji.core.Table;

/**
 * The files of a multi-file product (a calibration run's output directory), all or none: each is
 * written into a hidden staging directory there, and only {@link #commit} moves them into place, when
 * the whole run succeeded. A failure (a corrupt frame in the middle of the list, a bad keyword) leaves
 * the output directory as it was; {@link #close} removes what was staged and not committed.
 */
public final class Products implements AutoCloseable {

	private final File dir;
	private final boolean overwrite;
	private final Path staging;
	private final Map<String, Path> staged = new LinkedHashMap<>();
	private boolean committed;

	/** Products for {@code dir} (made if needed); existing files there are replaced only with {@code overwrite}. */
	public Products(File dir, boolean overwrite) throws IOException {
		this.dir = dir;
		this.overwrite = overwrite;
		if (dir.exists() && !dir.isDirectory()) throw new IOException("output " + dir + " is a file, not a directory");
		Files.createDirectories(dir.toPath());
		staging = Files.createTempDirectory(dir.toPath(), ".astro-staging-");
	}

	/** The staged file of a product: where it is written, and can be read back before the commit. */
	public File file(String name) {
		return staging.resolve(name).toFile();
	}

	public void write(String name, List<Hdu> hdus) throws IOException {
		FitsWriter.write(file(name), true, hdus);
		staged.put(name, file(name).toPath());
	}

	public void write(String name, Table table) throws IOException {
		CsvTables.write(file(name), table, true);
		staged.put(name, file(name).toPath());
	}

	/** The names of the products written so far. */
	public List<String> names() {
		return new ArrayList<>(staged.keySet());
	}

	/** Moves every product into the output directory; fails before moving any when one would replace a file without overwrite. */
	public void commit() throws IOException {
		if (!overwrite) {
			for (String n : staged.keySet()) {
				File f = new File(dir, n);
				if (f.exists()) throw new IOException("output " + f + " already exists; choose another output directory or set overwrite");
			}
		}
		for (Map.Entry<String, Path> e : staged.entrySet()) {
			Path target = dir.toPath().resolve(e.getKey());
			try {
				Files.move(e.getValue(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException x) {
				Files.move(e.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		committed = true;
	}

	@Override
	public void close() throws IOException {
		File[] left = staging.toFile().listFiles();
		if (left != null) for (File f : left) Files.deleteIfExists(f.toPath());
		Files.deleteIfExists(staging);
		if (!committed) staged.clear();
	}
}
