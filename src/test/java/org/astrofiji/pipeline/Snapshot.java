package org.astrofiji.pipeline;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * The products of a run as file name to content hash, for comparing runs: FITS files without their
 * DATE card and the comment of their SIMPLE card (nom-tam-fits puts the time its class was loaded there), PNG pictures by their pixels (their text holds a FITS
 * header with its DATE), everything else byte for byte. Hidden files (the pipeline's records, staging
 * folders) and run.log (times) are left out.
 */
public final class Snapshot {

	private Snapshot() {}

	public static Map<String, String> of(File dir) throws IOException {
		Map<String, String> out = new TreeMap<>();
		List<Path> files = new ArrayList<>();
		try (Stream<Path> s = Files.walk(dir.toPath())) {
			s.filter(Files::isRegularFile).forEach(files::add);
		}
		for (Path p : files) {
			Path rel = dir.toPath().relativize(p);
			boolean hidden = false;
			for (Path part : rel) hidden |= part.toString().startsWith(".");
			if (hidden || rel.toString().equals("run.log")) continue;
			out.put(rel.toString().replace('\\', '/'), hash(p));
		}
		return out;
	}

	/** The same, only the files a replay of the commands makes (not the report, log or replay macro). */
	public static Map<String, String> products(File dir) throws IOException {
		Map<String, String> all = of(dir);
		all.keySet().removeIf(k -> k.startsWith("report") || k.equals("replay.ijm"));
		return all;
	}

	static String hash(Path p) throws IOException {
		String name = p.getFileName().toString().toLowerCase();
		byte[] bytes;
		if (name.endsWith(".png")) {
			BufferedImage img = ImageIO.read(p.toFile());
			int[] rgb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
			ByteBuffer b = ByteBuffer.allocate(8 + 4 * rgb.length).putInt(img.getWidth()).putInt(img.getHeight());
			for (int v : rgb) b.putInt(v);
			bytes = b.array();
		}
		else {
			bytes = Files.readAllBytes(p);
			if (name.endsWith(".fits")) {
				for (int i = 0; i + 80 <= bytes.length; i += 80) {
					if (starts(bytes, i, "DATE    = ")) java.util.Arrays.fill(bytes, i, i + 80, (byte) ' ');
					if (starts(bytes, i, "SIMPLE  = ")) java.util.Arrays.fill(bytes, i + 30, i + 80, (byte) ' ');
				}
			}
		}
		try {
			StringBuilder sb = new StringBuilder();
			for (byte x : MessageDigest.getInstance("SHA-256").digest(bytes)) sb.append(String.format("%02x", x));
			return sb.toString();
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static boolean starts(byte[] bytes, int at, String text) {
		byte[] t = text.getBytes(StandardCharsets.US_ASCII);
		for (int k = 0; k < t.length; k++) if (bytes[at + k] != t[k]) return false;
		return true;
	}

	/** The names whose content differs, or that only one side has. */
	public static List<String> differences(Map<String, String> a, Map<String, String> b) {
		List<String> d = new ArrayList<>();
		for (String k : a.keySet()) if (!a.get(k).equals(b.get(k))) d.add(k + (b.containsKey(k) ? "" : " (missing)"));
		for (String k : b.keySet()) if (!a.containsKey(k)) d.add(k + " (extra)");
		return d;
	}
}
