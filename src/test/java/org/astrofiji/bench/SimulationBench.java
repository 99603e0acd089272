package org.astrofiji.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.astrofiji.core.Progress;
import org.astrofiji.core.Table;
import org.astrofiji.core.simulate.NightSimulator;
import org.astrofiji.core.simulate.SimulationSettings;

/** Bench entries of the simulator (no peer). */
final class SimulationBench {

	private SimulationBench() {}

	static List<Entry> entries() {
		return List.of(new Entry("simulate science frames", "3 x 1024x1024, 1000 Moffat stars, 40 cosmics each", in -> {
			SimulationSettings s = new SimulationSettings();
			s.stars = 1000;
			s.filters = List.of("V");
			s.biasFrames = s.darkFrames = s.flatFrames = s.epoch2Frames = 0;
			return Entry.Prepared.of(() -> NightSimulator.run(s, new NullSink(), Progress.NONE));
		}).samples(3).warmups(1));
	}

	/** Keeps nothing: only the simulation is timed. */
	static final class NullSink implements NightSimulator.Sink {

		@Override
		public void image(String name, Kind kind, RandomAccessibleInterval<FloatType> pixels, Map<String, Object> header) {}

		@Override
		public void table(String name, Table table) throws IOException {}
	}
}
