package org.astrofiji.command;

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

import net.imglib2.img.array.ArrayImgs;

import org.astrofiji.core.Table;
import org.astrofiji.io.CsvTables;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * The files a calibration run writes into its output directory, all or none: each is written into a
 * hidden staging directory there, and only when the whole run succeeded are they moved into place.
 * A failure (a corrupt frame in the middle of the list, a bad keyword) leaves the output directory
 * as it was.
 */
final class Products implements AutoCloseable {

	private final File dir;
	private final boolean overwrite;
	private final Path staging;
	private final Map<String, Path> staged = new LinkedHashMap<>();
	private boolean committed;

	Products(File dir, boolean overwrite) throws IOException {
		this.dir = dir;
		this.overwrite = overwrite;
		if (dir.exists() && !dir.isDirectory()) throw new IOException("output " + dir + " is a file, not a directory");
		Files.createDirectories(dir.toPath());
		staging = Files.createTempDirectory(dir.toPath(), ".astro-staging-");
	}

	/** Fails when a product would replace an existing file without {@code overwrite}. */
	void checkFree(List<String> names) throws IOException {
		if (overwrite) return;
		for (String n : names) {
			File f = new File(dir, n);
			if (f.exists()) throw new IOException("output " + f + " already exists; choose another output directory or set overwrite");
		}
	}

	/** The staged file of a product. */
	File file(String name) {
		return staging.resolve(name).toFile();
	}

	void write(String name, List<Hdu> hdus) throws IOException {
		FitsWriter.write(file(name), true, hdus);
		staged.put(name, file(name).toPath());
	}

	void write(String name, Table table) throws IOException {
		CsvTables.write(file(name), table, true);
		staged.put(name, file(name).toPath());
	}

	List<String> names() {
		return new ArrayList<>(staged.keySet());
	}

	/** Moves every product into the output directory. */
	void commit() throws IOException {
		checkFree(names());
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

	/** A calibration product: the image (SCI, ERR, DQ; see {@link Hdu#of}) and, for combinations, COUNT. */
	static List<Hdu> mef(AstroImage image, int[] count) {
		if (count == null) return Hdu.of(image);
		return Hdu.of(image, Hdu.image(ArrayImgs.ints(count, image.width(), image.height()), new FitsHeader().addComment(
			"number of frames combined at each pixel")).withExtname("COUNT").withBitpix(16));
	}
}
