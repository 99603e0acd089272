package org.astrofiji.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One row of the in-process table: our work on one input, timed warm in this JVM on one thread and on
 * all cores, beside its Python peers on the same input at the same time, and its first call in a
 * fresh JVM. {@link Setup#prepare} makes the inputs and returns the work; it must not run the work
 * (the first-call column runs it in a fresh JVM after the same preparation).
 */
final class Entry {

	/** Our computation, run once per call. */
	interface Work {
		void run() throws Exception;
	}

	interface Setup {
		Prepared prepare(Inputs in) throws Exception;
	}

	/**
	 * A Python peer: a script of {@code src/test/bench} ({@code load / compute / save}) with its
	 * arguments. Threaded peers have threads of their own (OpenMP, BLAS) and are also timed on all cores.
	 */
	static final class PeerCall {

		final String label, script;
		final boolean threaded;
		final List<String> args;

		PeerCall(String label, String script, boolean threaded, String... args) {
			this.label = label;
			this.script = script;
			this.threaded = threaded;
			this.args = List.of(args);
		}
	}

	/** The work and its peers on the prepared input. */
	static final class Prepared {

		final Work work;
		final List<PeerCall> peers = new ArrayList<>();

		private Prepared(Work work) {
			this.work = work;
		}

		static Prepared of(Work work) {
			return new Prepared(work);
		}

		/** A single-threaded peer. */
		Prepared peer(String label, String script, String... args) {
			peers.add(new PeerCall(label, script, false, args));
			return this;
		}

		/** A peer with threads of its own: timed on one thread and on all cores. */
		Prepared threadedPeer(String label, String script, String... args) {
			peers.add(new PeerCall(label, script, true, args));
			return this;
		}
	}

	final String name, input;
	final Setup setup;
	int samples = 7, warmups = 3;
	/** The machine's floor for the work (as for whole-process entries), timed in every round; or null. */
	ProcessEntry.Floor floor;
	/** The command whose work this is, where the launcher starts that command's JVM apart (see {@link Cold}); or null. */
	String command;

	Entry(String name, String input, Setup setup) {
		this.name = name;
		this.input = input;
		this.setup = setup;
	}

	/** Timed calls per cell (the median is shown). */
	Entry samples(int n) {
		samples = n;
		return this;
	}

	/** Calls before timing, on all cores: millisecond methods need more for the JIT. */
	Entry warmups(int n) {
		warmups = n;
		return this;
	}

	/** The machine's floor for this work, measured beside every sample (its median is shown). */
	Entry floor(ProcessEntry.Floor f) {
		floor = f;
		return this;
	}

	/** The command whose work this is: its first call is timed in a JVM started as {@code ./astro run "command"} starts one. */
	Entry command(String c) {
		command = c;
		return this;
	}

	boolean matches(String[] filters) {
		return filters.length == 0 || Arrays.stream(filters).anyMatch(f -> Bench.contains(name + " " + input, f));
	}
}
