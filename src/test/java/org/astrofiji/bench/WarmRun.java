package org.astrofiji.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.astrofiji.core.Parallel;

/**
 * Times one in-process entry: warm-up, then rounds of (ours on 1 thread, each peer on 1 thread, ours on
 * all cores, each threaded peer on all cores), so every cell sees the same machine load; medians. The
 * fastest peer is reported on each thread count. The first call is timed in a fresh JVM ({@link Cold}).
 */
final class WarmRun {

	final Entry entry;
	final int samples, threads;
	double ours1 = Double.NaN, oursN = Double.NaN, peer1 = Double.NaN, peerN = Double.NaN, first = Double.NaN;
	String peer1Label = "", peerNLabel = "", note = "";
	/** Whether the peer of the all-cores column ran on all cores (false: it has no threads of its own). */
	boolean peerNThreaded;
	/** The fresh JVM's figures (see {@link Cold}), or null. */
	Cold.Result cold;
	/** The entry's floor: the round with the median floor time, or null. */
	ProcessEntry.Floor.Result floor;

	WarmRun(Entry entry, int samples) {
		this.entry = entry;
		this.samples = samples;
		threads = Parallel.threads();
	}

	/** A started peer and its samples. */
	private static final class Sampled {

		final Entry.PeerCall call;
		final PythonPeer peer;
		final double[] t;

		Sampled(Entry.PeerCall call, PythonPeer peer, int samples) {
			this.call = call;
			this.peer = peer;
			t = new double[samples];
		}
	}

	/** Runs the entry; {@code coldIndex} is its index for the fresh JVM, or -1 for no first-call column. */
	WarmRun run(Inputs in, int coldIndex) throws Exception {
		Entry.Prepared p = entry.setup.prepare(in);
		if (coldIndex >= 0) {
			try {
				cold = Cold.measure(coldIndex, entry, in.scratch);
				first = cold.first;
			}
			catch (Exception e) {
				log("first call not measured: " + e.getMessage());
			}
		}
		Parallel.setThreads(threads);
		for (int i = 0; i < entry.warmups; i++) p.work.run();
		Parallel.setThreads(1);
		p.work.run();
		List<Sampled> one = new ArrayList<>(), all = new ArrayList<>();
		try {
			for (Entry.PeerCall c : p.peers) {
				try {
					one.add(new Sampled(c, PythonPeer.start(c, 1), samples));
					if (c.threaded && threads > 1) all.add(new Sampled(c, PythonPeer.start(c, threads), samples));
				}
				catch (IOException e) {
					note = (e instanceof PythonPeer.Missing ? "peer not installed: " : "peer failed: ") + c.label + " (" + e.getMessage() +
						")";
					log(note);
				}
			}
			for (Sampled s : one) s.peer.call(); // the peers' first calls: their warm-up
			for (Sampled s : all) s.peer.call();
			double[] t1 = new double[samples], tN = new double[samples];
			ProcessEntry.Floor.Result[] floors = new ProcessEntry.Floor.Result[entry.floor == null ? 0 : samples];
			if (entry.floor != null) entry.floor.measure(in); // its warm-up
			for (int i = 0; i < samples; i++) {
				Parallel.setThreads(1);
				t1[i] = time(p.work);
				for (Sampled s : one) s.t[i] = s.peer.call();
				if (entry.floor != null) floors[i] = entry.floor.measure(in);
				Parallel.setThreads(threads);
				tN[i] = time(p.work);
				for (Sampled s : all) s.t[i] = s.peer.call();
			}
			ours1 = Bench.median(t1);
			oursN = Bench.median(tN);
			if (floors.length > 0) {
				Arrays.sort(floors, Comparator.comparingDouble(f -> f.seconds));
				floor = floors[(floors.length - 1) / 2];
				log(String.format(Locale.ROOT, "floor %.4f s: %s", floor.seconds, floor.parts));
			}
		}
		finally {
			Parallel.setThreads(threads);
			for (Sampled s : one) close(s.peer);
			for (Sampled s : all) close(s.peer);
		}
		for (Sampled s : one) {
			double m = Bench.median(s.t);
			log(String.format(Locale.ROOT, "peer %s, 1 thread: %.4f s", s.call.label, m));
			if (Double.isNaN(peer1) || m < peer1) {
				peer1 = m;
				peer1Label = s.call.label;
			}
			if (!s.call.threaded || threads == 1) best(m, s.call.label, false);
		}
		for (Sampled s : all) {
			double m = Bench.median(s.t);
			log(String.format(Locale.ROOT, "peer %s, %d threads: %.4f s", s.call.label, threads, m));
			best(m, s.call.label, true);
		}
		log(String.format(Locale.ROOT, "ours: 1 thread %.4f s, %d threads %.4f s, first call %.4f s", ours1, threads, oursN, first));
		return this;
	}

	private void best(double m, String label, boolean threaded) {
		if (Double.isNaN(peerN) || m < peerN) {
			peerN = m;
			peerNLabel = label;
			peerNThreaded = threaded;
		}
	}

	private static double time(Entry.Work w) throws Exception {
		long t0 = System.nanoTime();
		w.run();
		return (System.nanoTime() - t0) / 1e9;
	}

	private static void close(PythonPeer p) {
		try {
			p.close();
		}
		catch (IOException e) {
			// already gone
		}
	}

	private static void log(String s) {
		System.err.println("    " + s);
	}
}
