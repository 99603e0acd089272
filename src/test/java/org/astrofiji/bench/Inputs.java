package org.astrofiji.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.simulate.NightSimulator;
import org.astrofiji.core.simulate.SimulationSettings;
import org.astrofiji.io.FitsReader;
import org.astrofiji.io.FitsWriter;
import org.astrofiji.io.Hdu;

/**
 * The bench's inputs: frames of {@code ../shared/data} when present, simulated frames otherwise, each
 * also written once into the scratch directory as FITS, where the Python peers, the commands of the
 * whole-process runs and the fresh JVMs of the first-call column read them. A frame made once is read
 * back, not made again: a fresh JVM then times its first call on exactly the parent's input.
 */
final class Inputs {

	/** An image in memory (ImageJ orientation) and the FITS file holding it. */
	static final class Frame {

		final float[] data;
		final int width, height;
		final File file;

		Frame(float[] data, int width, int height, File file) {
			this.data = data;
			this.width = width;
			this.height = height;
			this.file = file;
		}

		String path() {
			return file.getPath();
		}
	}

	/** Makes a frame's pixels when its file is not in the scratch directory yet. */
	interface Maker {
		float[] make() throws Exception;
	}

	final Path scratch;

	Inputs(Path scratch) {
		this.scratch = scratch;
	}

	/** {@code ../shared} (or {@code -Dastrofiji.shared}) beside the checkout the bench runs from. */
	static File shared() {
		String p = System.getProperty("astrofiji.shared");
		return p != null ? new File(p) : new File(project(), "../shared");
	}

	/** The checkout ({@code -Dastrofiji.project}, set by {@code ./astro bench}; else the working directory). */
	static File project() {
		return new File(System.getProperty("astrofiji.project", System.getProperty("user.dir"))).getAbsoluteFile();
	}

	/** A file of {@code ../shared/data}, or null when absent. */
	static File sharedData(String relative) {
		File f = new File(new File(shared(), "data"), relative);
		return f.isFile() ? f : null;
	}

	/** A scratch file's path (no file is made). */
	File file(String name) {
		return scratch.resolve(name).toFile();
	}

	/** A directory in the scratch directory, made if needed. */
	File dir(String name) throws IOException {
		return Files.createDirectories(scratch.resolve(name)).toFile();
	}

	/** The frame of {@code name}.fits in the scratch directory, made (and written) the first time. */
	Frame frame(String name, int w, int h, Maker maker) throws Exception {
		return frame(name, w, h, -32, maker);
	}

	/** The same written with the given BITPIX (16: 16-bit integers, as raw frames are). */
	Frame frame(String name, int w, int h, int bitpix, Maker maker) throws Exception {
		File f = file(name + ".fits");
		if (f.isFile()) return new Frame(FitsReader.read(f, null).data(), w, h, f);
		float[] data = maker.make();
		File tmp = file(name + ".part.fits");
		Hdu hdu = Hdu.image(Images.wrap(data, w, h), null);
		FitsWriter.write(tmp, true, bitpix == -32 ? hdu : hdu.withBitpix(bitpix));
		Files.move(tmp.toPath(), f.toPath());
		return new Frame(data, w, h, f);
	}

	/** A raw V science frame of a simulated night: sky, {@code stars} stars, noise and cosmic rays. */
	Frame simulated(int w, int h, int stars) throws Exception {
		return frame("sim_" + w + "x" + h + "_" + stars, w, h, () -> simulatedFrame(w, h, stars));
	}

	/**
	 * The frame of {@code ../shared/data/<relative>} (its HDU {@code hdu}, null: the first image), or
	 * when that is absent a simulated frame of the given size: {@link #real} tells which.
	 */
	Frame sharedOr(String relative, String hdu, int w, int h, int stars) throws Exception {
		File f = sharedData(relative);
		if (f == null) return simulated(w, h, stars);
		String name = "shared_" + new File(relative).getName().replaceAll("\\.fits(\\.gz)?$", "") + (hdu == null ? "" : "_" + hdu);
		return frame(name, w, h, () -> FitsReader.read(f, hdu).data());
	}

	static boolean real(String relative) {
		return sharedData(relative) != null;
	}

	static float[] simulatedFrame(int w, int h, int stars) throws IOException {
		return simulatedFrame(w, h, stars, false);
	}

	/** The same with the simulator's variable PSF (wider and elongated towards the corners) when asked. */
	static float[] simulatedFrame(int w, int h, int stars, boolean variablePsf) throws IOException {
		SimulationSettings s = new SimulationSettings();
		s.variablePsf = variablePsf;
		s.width = w;
		s.height = h;
		s.stars = stars;
		s.filters = List.of("V");
		s.biasFrames = s.darkFrames = s.flatFrames = s.epoch2Frames = 0;
		s.scienceFrames = 1;
		float[][] out = new float[1][];
		NightSimulator.run(s, new NightSimulator.Sink() {

			@Override
			public void image(String name, Kind kind, RandomAccessibleInterval<FloatType> pixels, Map<String, Object> header) {
				if (kind == Kind.RAW && out[0] == null) out[0] = Images.copy(pixels);
			}

			@Override
			public void table(String name, Table table) {}
		}, Progress.NONE);
		return out[0];
	}
}
