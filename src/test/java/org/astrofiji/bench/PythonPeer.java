package org.astrofiji.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Python peer kept running while its entry is timed: {@code src/test/bench/serve.py} loads the input
 * once, then times one call of the peer script's {@code compute} per {@link #call()}, so its samples
 * interleave with ours. Debian's {@code /usr/bin/python3} runs it (the oracle's packages), with the
 * thread count given to OpenMP and the BLAS libraries.
 */
final class PythonPeer implements AutoCloseable {

	static final String PYTHON = "/usr/bin/python3";

	private final Process process;
	private final BufferedReader in;
	private final Writer out;
	private final File log;

	private PythonPeer(Process process, File log) {
		this.process = process;
		this.log = log;
		in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
	}

	/** The folder of the peer scripts. */
	static File scripts() {
		return new File(Inputs.project(), "src/test/bench");
	}

	/** The environment that gives a Python process {@code threads} threads in OpenMP and BLAS. */
	static void threads(Map<String, String> env, int threads) {
		for (String k : new String[] { "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS" })
			env.put(k, Integer.toString(threads));
	}

	/**
	 * Starts the peer and waits until its input is loaded; throws {@link Missing} when Python or one of
	 * the peer's packages is not installed, IOException when it fails otherwise.
	 */
	static PythonPeer start(Entry.PeerCall call, int threads) throws IOException {
		if (!new File(PYTHON).canExecute()) throw new Missing(PYTHON + " not found");
		List<String> cmd = new ArrayList<>(List.of(PYTHON, new File(scripts(), "serve.py").getPath(), call.script));
		cmd.addAll(call.args);
		File log = File.createTempFile("astro-bench-peer", ".log");
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log);
		threads(pb.environment(), threads);
		PythonPeer p = new PythonPeer(pb.start(), log);
		String line = p.in.readLine();
		if (!"ready".equals(line)) throw p.failure(line);
		return p;
	}

	/** One timed call of the peer's computation, in seconds. */
	double call() throws IOException {
		out.write("run\n");
		out.flush();
		String line = in.readLine();
		try {
			return Double.parseDouble(line);
		}
		catch (NumberFormatException | NullPointerException e) {
			throw failure(line);
		}
	}

	private IOException failure(String line) throws IOException {
		try {
			process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		process.destroy();
		String err = Files.readString(log.toPath()).trim();
		log.delete();
		String last = err.isEmpty() ? String.valueOf(line) : err.substring(err.lastIndexOf('\n') + 1);
		if (err.contains("ModuleNotFoundError") || err.contains("ImportError")) return new Missing(last);
		return new IOException("peer failed: " + last);
	}

	@Override
	public void close() throws IOException {
		try {
			out.write("quit\n");
			out.flush();
			process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (IOException | InterruptedException e) {
			if (e instanceof InterruptedException) Thread.currentThread().interrupt();
		}
		finally {
			process.destroy();
			log.delete();
		}
	}

	/** The peer cannot run here: Python or a package is missing. */
	static final class Missing extends IOException {

		private static final long serialVersionUID = 1L;

		Missing(String message) {
			super(message);
		}
	}
}
