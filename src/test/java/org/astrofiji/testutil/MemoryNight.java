package org.astrofiji.testutil;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Images;
import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.simulate.NightSimulator;
import org.astrofiji.core.simulate.SimulationSettings;

/** A simulated night kept in memory: frames, truth images and tables by name. */
public final class MemoryNight implements NightSimulator.Sink {

	public final Map<String, float[]> images = new LinkedHashMap<>();
	public final Map<String, Map<String, Object>> headers = new LinkedHashMap<>();
	public final Map<String, int[]> sizes = new LinkedHashMap<>();
	public final Map<String, Table> tables = new LinkedHashMap<>();
	public NightSimulator.Summary summary;

	public static MemoryNight simulate(SimulationSettings s) throws IOException {
		MemoryNight n = new MemoryNight();
		n.summary = NightSimulator.run(s, n, Progress.NONE);
		return n;
	}

	/** Small, fast settings: 128x128, one filter, few frames. */
	public static SimulationSettings small() {
		SimulationSettings s = new SimulationSettings();
		s.width = 128;
		s.height = 128;
		s.stars = 40;
		s.filters = new java.util.ArrayList<>(java.util.List.of("V"));
		s.biasFrames = 2;
		s.darkFrames = 1;
		s.flatFrames = 2;
		s.scienceFrames = 1;
		s.epoch2Frames = 1;
		s.cosmics = 10;
		return s;
	}

	@Override
	public void image(String name, Kind kind, RandomAccessibleInterval<FloatType> pixels, Map<String, Object> header) {
		images.put(name, pixels.numDimensions() == 2 ? Images.copy(pixels) : flatten(pixels));
		headers.put(name, new LinkedHashMap<>(header));
		sizes.put(name, new int[] { (int) pixels.dimension(0), (int) pixels.dimension(1),
			pixels.numDimensions() > 2 ? (int) pixels.dimension(2) : 1 });
	}

	private static float[] flatten(RandomAccessibleInterval<FloatType> cube) {
		float[][] planes = Images.planes(cube);
		int n = planes[0].length;
		float[] all = new float[n * planes.length];
		for (int z = 0; z < planes.length; z++) System.arraycopy(planes[z], 0, all, z * n, n);
		return all;
	}

	@Override
	public void table(String name, Table table) {
		tables.put(name, table);
	}

	public float[] image(String name) {
		float[] a = images.get(name);
		if (a == null) throw new IllegalArgumentException("no image " + name + " in " + images.keySet());
		return a;
	}
}
