package org.astrofiji.spark;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import org.astrofiji.io.FrameFiles;
import org.astrofiji.io.OutputFiles;
import org.astrofiji.pipeline.NightLayout;
import org.astrofiji.pipeline.StepCall;
import org.astrofiji.pipeline.StepFiles;

/**
 * The night's files on a Hadoop file system the nodes do not mount (HDFS, S3 through s3a, ...): each
 * remote path (input, output, config) has a local mirror directory under one staging directory, and
 * the pipeline (plan, calls, report) runs on the mirrors' paths. Where a task runs a call it fetches
 * the call's inputs into its node's mirror (only those, and only when the remote copy differs),
 * runs the call there and publishes its outputs, then its record, back: each file written under a
 * hidden temporary name in its target directory, then renamed, so a retried or killed task never
 * leaves half a file and a retry publishes the same bytes. The up-to-date check reads the remote
 * records and modification times. The driver classifies the raw frames from their headers alone
 * (sparse local files holding only the header blocks; gzip and tile-compressed files are copied
 * whole) and pulls only the products it reads (catalogues, tables, masters,
 * combined frames, PSF models; not the reduced and aligned frames).
 * <p>
 * Mirrors are at the same absolute paths on every node (the driver's staging directory), so the
 * calls, their macro lines and the paths written into headers are the same on every node and in every
 * run of the night: a resumed night finds its calls up to date.
 */
final class HadoopStaging implements StepFiles, Serializable {

	private static final long serialVersionUID = 1L;

	/** A remote path and its local mirror (a directory or a file). */
	private static final class Mount implements Serializable {

		private static final long serialVersionUID = 1L;
		final String local, remote;

		Mount(File local, Path remote) {
			this.local = local.getAbsolutePath();
			this.remote = remote.toString();
		}
	}

	/** The mirrors of this JVM that a shutdown hook deletes (executors keep their copies until they end). */
	private static final Set<String> CLEANED_AT_EXIT = ConcurrentHashMap.newKeySet();
	/** When each night-wide call started in this JVM, by mirror and call (its other new files are published with it). */
	private static final Map<String, Long> STARTED = new ConcurrentHashMap<>();

	private final File root;
	private final Map<String, String> hadoop;
	private final List<Mount> mounts = new ArrayList<>();
	/** The mirror directories (deleted at the end). */
	private final List<String> dirs = new ArrayList<>();
	private transient Configuration conf;

	private HadoopStaging(File root, Configuration hadoop) {
		this.root = root.getAbsoluteFile();
		this.hadoop = new LinkedHashMap<>();
		// a Configuration is not Serializable: its entries travel to the tasks
		for (Map.Entry<String, String> e : hadoop) this.hadoop.put(e.getKey(), e.getValue());
		this.conf = hadoop;
	}

	/** Staging under {@code root} (a directory every node can create) with the file systems of {@code hadoop}. */
	static HadoopStaging of(File root, Configuration hadoop) {
		return new HadoopStaging(root, hadoop);
	}

	/** The input directory's mirror: a header-only copy of each FITS file, for the plan on the driver. */
	File input(Path remote) throws IOException {
		File local = mount("input", remote);
		FileSystem fs = fs(remote);
		for (FileStatus st : fs.listStatus(remote)) {
			if (!st.isFile() || !FrameFiles.isFits(st.getPath().getName())) continue;
			File f = new File(local, st.getPath().getName());
			String name = st.getPath().getName().toLowerCase(java.util.Locale.ROOT);
			// gzip cannot be read from the middle; a tile-compressed reader may read its table: both copied whole (not tried sparse)
			if (name.endsWith(".gz") || name.endsWith(".fz")) fetch(f);
			else headers(fs, st, f);
		}
		return local;
	}

	/** The output directory's mirror (empty: the remote records say what is done). */
	File output(Path remote) throws IOException {
		return mount("output", remote);
	}

	/** A file's mirror, fetched whole (the config file). */
	File file(String key, Path remote) throws IOException {
		File local = new File(mount(key, remote), remote.getName());
		mounts.set(mounts.size() - 1, new Mount(local, remote));
		fetch(local);
		return local;
	}

	private File mount(String key, Path remote) throws IOException {
		File local = new File(root, key);
		delete(local);
		Files.createDirectories(local.toPath());
		mounts.add(new Mount(local, remote));
		dirs.add(local.getAbsolutePath());
		return local;
	}

	/** The remote path of a local file under a mirror, or null for a file of the local file system. */
	Path remote(File file) {
		String p = file.getAbsolutePath();
		for (Mount m : mounts) {
			if (p.equals(m.local)) return new Path(m.remote);
			if (p.startsWith(m.local + File.separator)) return new Path(m.remote + "/" + p.substring(m.local.length() + 1).replace(
				File.separatorChar, '/'));
		}
		return null;
	}

	/** A text (a progress line) with the mirrors' paths shown as the remote paths they stand for. */
	String shown(String text) {
		for (Mount m : mounts) text = text.replace(m.local, m.remote);
		return text;
	}

	@Override
	public boolean upToDate(StepCall call, String line, File record) throws IOException {
		Path r = remote(record);
		byte[] was;
		try {
			if (r == null) was = Files.readAllBytes(record.toPath());
			else try (InputStream in = fs(r).open(r)) {
				was = in.readAllBytes();
			}
		}
		catch (FileNotFoundException | java.nio.file.NoSuchFileException e) {
			return false;
		}
		if (!new String(was, StandardCharsets.UTF_8).equals(line)) return false;
		long oldest = Long.MAX_VALUE;
		for (File f : call.outputs()) {
			long t = modified(f);
			if (t < 0) return false;
			oldest = Math.min(oldest, t);
		}
		for (File f : call.inputs()) {
			long t = modified(f);
			if (t < 0 || t > oldest) return false;
		}
		return true;
	}

	/** When a file was last modified where it lives (ms), or -1 when it does not exist. */
	private long modified(File f) throws IOException {
		Path r = remote(f);
		if (r == null) return f.isFile() ? f.lastModified() : -1;
		try {
			FileStatus st = fs(r).getFileStatus(r);
			return st.isFile() ? st.getModificationTime() : -1;
		}
		catch (FileNotFoundException e) {
			return -1;
		}
	}

	@Override
	public void fetch(StepCall call, File record) throws IOException {
		cleanAtExit();
		Files.createDirectories(record.getAbsoluteFile().getParentFile().toPath());
		// an earlier attempt's or run's local outputs: the command writes them anew (and publishing finds only its own)
		for (File f : call.outputs()) {
			Files.createDirectories(f.getAbsoluteFile().getParentFile().toPath());
			if (remote(f) != null) Files.deleteIfExists(f.toPath());
		}
		for (File f : call.inputs()) {
			if (remote(f) != null && !fetch(f)) throw new IOException("cannot read " + remote(f) + ": no such file");
		}
		if (nightWide(call)) STARTED.put(root + " " + call.id(), System.currentTimeMillis() / 1000 * 1000);
	}

	@Override
	public void publish(StepCall call, File record) throws IOException {
		Set<File> done = new HashSet<>();
		for (File f : call.outputs()) {
			if (f.isFile() && remote(f) != null) push(f);
			done.add(f.getAbsoluteFile());
		}
		Long since = STARTED.remove(root + " " + call.id());
		if (since != null) {
			for (File f : others(call)) {
				if (!done.contains(f) && f.lastModified() >= since) push(f);
			}
		}
		if (remote(record) != null) push(record);
	}

	/** A call over the whole night (one task, nothing beside it): it may write files it does not list (the masters). */
	private static boolean nightWide(StepCall call) {
		return call.target.equals("night");
	}

	/** The visible files in the directories of a call's outputs. */
	private List<File> others(StepCall call) {
		Set<File> dirs = new java.util.LinkedHashSet<>();
		for (File f : call.outputs()) dirs.add(f.getAbsoluteFile().getParentFile());
		List<File> out = new ArrayList<>();
		for (File d : dirs) {
			File[] files = d.listFiles();
			if (files == null || remote(d) == null) continue;
			for (File f : files) if (f.isFile() && !f.getName().startsWith(".")) out.add(f.getAbsoluteFile());
		}
		return out;
	}

	/**
	 * On the driver after a stage: the products of its calls that the driver reads (for decisions and the report),
	 * which is all of them but the reduced and aligned frames; a night-wide call's other files too (the masters).
	 */
	void pull(NightLayout layout, List<List<StepCall>> units) throws IOException {
		for (List<StepCall> unit : units) {
			for (StepCall c : unit) {
				Set<File> dirs = new java.util.LinkedHashSet<>();
				for (File f : c.outputs()) {
					if (remote(f) == null) continue;
					if (!framePixels(layout, f)) fetch(f);
					if (nightWide(c)) dirs.add(f.getAbsoluteFile().getParentFile());
				}
				for (File local : dirs) {
					Path d = remote(local);
					FileStatus[] there;
					try {
						there = fs(d).listStatus(d);
					}
					catch (FileNotFoundException e) {
						continue;
					}
					for (FileStatus st : there) {
						File f = new File(local, st.getPath().getName());
						if (st.isFile() && !f.getName().startsWith(".") && !framePixels(layout, f)) fetch(f);
					}
				}
			}
		}
	}

	/** Frames' pixels: the driver never needs them. */
	private static boolean framePixels(NightLayout layout, File f) {
		File dir = f.getAbsoluteFile().getParentFile();
		return dir.equals(layout.reducedDir().getAbsoluteFile()) || dir.equals(layout.alignedDir().getAbsoluteFile()) && f.getName()
			.endsWith("_aligned.fits");
	}

	/** On the driver at the end: what it wrote itself (report, its pictures, run.log, replay.ijm). */
	void publishReport(File output) throws IOException {
		NightLayout layout = new NightLayout(output, false);
		for (File f : List.of(layout.report(), layout.runLog(), layout.replay())) if (f.isFile()) push(f);
		File pictures = layout.reportDir();
		if (!pictures.isDirectory()) return;
		try (Stream<java.nio.file.Path> s = Files.walk(pictures.toPath())) {
			for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) s.filter(Files::isRegularFile)::iterator) push(p.toFile());
		}
	}

	/** Deletes this JVM's mirrors. */
	void close() throws IOException {
		for (String d : dirs) delete(new File(d));
	}

	/** Brings the remote copy of {@code local} here unless the local one has its size and time; false when there is none. */
	private boolean fetch(File local) throws IOException {
		Path r = remote(local);
		FileSystem fs = fs(r);
		FileStatus st;
		try {
			st = fs.getFileStatus(r);
		}
		catch (FileNotFoundException e) {
			return false;
		}
		if (local.isFile() && local.length() == st.getLen() && local.lastModified() == st.getModificationTime()) return true;
		File dir = local.getAbsoluteFile().getParentFile();
		Files.createDirectories(dir.toPath());
		File tmp = new File(dir, "." + local.getName() + "." + UUID.randomUUID() + ".part");
		try {
			try (InputStream in = fs.open(r); OutputStream out = Files.newOutputStream(tmp.toPath())) {
				in.transferTo(out);
			}
			tmp.setLastModified(st.getModificationTime());
			move(tmp, local);
		}
		finally {
			Files.deleteIfExists(tmp.toPath());
		}
		return true;
	}

	/**
	 * Publishes a local file to its remote path: written under a hidden temporary name in the target
	 * directory, then renamed over the target. The local copy takes the remote time, so fetching it again
	 * is a no-op.
	 */
	private void push(File local) throws IOException {
		Path r = remote(local);
		FileSystem fs = fs(r);
		Path tmp = new Path(r.getParent(), "." + r.getName() + "." + UUID.randomUUID() + ".part");
		try {
			try (OutputStream out = fs.create(tmp, true)) {
				Files.copy(local.toPath(), out);
			}
			if (fs.exists(r)) fs.delete(r, false);
			// a false rename with the target there: another attempt of the task (speculation) published the same bytes first
			if (!fs.rename(tmp, r) && !fs.exists(r)) throw new IOException("cannot publish " + r + ": the rename of its temporary file failed");
		}
		finally {
			if (fs.exists(tmp)) fs.delete(tmp, false);
		}
		local.setLastModified(fs.getFileStatus(r).getModificationTime());
	}

	/**
	 * A sparse local copy of a FITS file holding only its header blocks, at their offsets (walked HDU by
	 * HDU, skipping the data by seeking): what the plan reads, for a few KB of transfer per frame. Its
	 * time is 0, so a task that needs the frame fetches it whole.
	 */
	private static void headers(FileSystem fs, FileStatus st, File local) throws IOException {
		long length = st.getLen(), at = 0;
		try (FSDataInputStream in = fs.open(st.getPath()); RandomAccessFile out = new RandomAccessFile(local, "rw")) {
			out.setLength(length);
			byte[] block = new byte[2880];
			for (int hdu = 0; hdu < 1000 && at + block.length <= length; hdu++) {
				Map<String, String> cards = new LinkedHashMap<>();
				boolean end = false;
				// a header longer than 100 blocks (3600 cards) is no FITS header: the plan finds the mirror unreadable
				for (int b = 0; !end && b < 100 && at + block.length <= length; b++) {
					in.readFully(at, block);
					if (hdu == 0 && b == 0 && !new String(block, 0, 9, StandardCharsets.US_ASCII).equals("SIMPLE  =")) break;
					out.seek(at);
					out.write(block);
					at += block.length;
					for (int c = 0; c < block.length && !end; c += 80) {
						String card = new String(block, c, 80, StandardCharsets.US_ASCII);
						String key = card.substring(0, 8).trim();
						end = key.equals("END");
						if (!end && card.startsWith("= ", 8)) cards.putIfAbsent(key, value(card));
					}
				}
				if (!end) break;
				long data = dataBytes(cards);
				if (data < 0) break;
				at += (data + 2879) / 2880 * 2880;
			}
		}
		local.setLastModified(0);
	}

	private static String value(String card) {
		String v = card.substring(10);
		int slash = v.startsWith("'") ? -1 : v.indexOf('/');
		return (slash >= 0 ? v.substring(0, slash) : v).trim();
	}

	/** The data size of an HDU from its header (FITS 4.0 §4.4.1), or -1 when the header does not say. */
	private static long dataBytes(Map<String, String> cards) {
		try {
			int naxis = Integer.parseInt(cards.getOrDefault("NAXIS", "0"));
			if (naxis == 0) return 0;
			long n = 1;
			for (int i = 1; i <= naxis; i++) n *= Long.parseLong(cards.get("NAXIS" + i));
			long pcount = Long.parseLong(cards.getOrDefault("PCOUNT", "0")), gcount = Long.parseLong(cards.getOrDefault("GCOUNT", "1"));
			return Math.abs(Integer.parseInt(cards.get("BITPIX"))) / 8 * gcount * (pcount + n);
		}
		catch (RuntimeException e) {
			return -1;
		}
	}

	private static void move(File tmp, File target) throws IOException {
		try {
			Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private FileSystem fs(Path p) throws IOException {
		return p.getFileSystem(conf());
	}

	private synchronized Configuration conf() {
		if (conf == null) {
			Configuration c = new Configuration(false);
			for (Map.Entry<String, String> e : hadoop.entrySet()) c.set(e.getKey(), e.getValue());
			conf = c;
		}
		return conf;
	}

	/** In an executor (not the driver, which deletes them itself) the mirrors go when the JVM ends. */
	private void cleanAtExit() {
		for (String d : dirs) {
			if (CLEANED_AT_EXIT.add(d)) Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					delete(new File(d));
				}
				catch (IOException e) {
					// the JVM ends: a leftover copy in a temporary directory is harmless
				}
			}));
		}
	}

	static void delete(File f) throws IOException {
		OutputFiles.deleteTree(f.toPath());
	}
}
