package org.astrofiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.widget.FileWidget;

import org.astrofiji.command.Commands;

/**
 * The bad-input campaign of issue 11, through {@code ./astro run} ({@link RunCommand}, in process): every
 * command gets valid options (which must run) and then, one at a time, a bad value for each of its
 * keys (a word for a number, a fraction or 1e30 for an integer, 1e400, an unknown choice, a missing or
 * damaged input file, an output that exists, is a folder, is an input or has a name of another kind,
 * an unknown key) and curated bad values for its text keys. Every such run must end with exit status
 * 1 and one line {@code error: Label: ...} on stderr, without a stack trace, and leave no file behind;
 * no run, valid or not, may change a byte of an input.
 * Extreme values (numbers 0, -1, 99999, -99999, 1e-300; a key the settings leave unused) may also be
 * accepted, but never crash, run out of memory, hang or leave a file after a failure; the normal build
 * runs every tenth of them, {@code -Dcampaign.all=true} all. Figures go to
 * {@code target/bad-input-report.txt}.
 */
class BadInputCampaignTest {

	@TempDir
	static Path tmp;

	private static Context context;
	private static File night, out, cut, csv, empty, folder, notFits;
	private static final Map<String, String> VALID = new LinkedHashMap<>();

	@BeforeAll
	static void night() throws Exception {
		context = new Context();
		night = tmp.resolve("night").toFile();
		out = tmp.resolve("out").toFile();
		assertEquals(0, RunCommand.run(context, "Simulate Observation", "output=\"" + night + "\",seed=3,width=96,height=96,stars=80," +
			"filters=\"B,V\",bias_frames=2,dark_frames=1,flat_frames=2,science_frames=2,epoch2_frames=0", quiet(), quiet()));
		// damaged and wrong inputs
		cut = tmp.resolve("cut.fits").toFile();
		Files.copy(new File(night, "science_V_001.fits").toPath(), cut.toPath());
		try (RandomAccessFile raf = new RandomAccessFile(cut, "rw")) {
			raf.setLength(raf.length() - 2880);
		}
		csv = tmp.resolve("table.csv").toFile();
		Files.writeString(csv.toPath(), "a,b\n1,2\n");
		empty = tmp.resolve("empty.fits").toFile();
		Files.writeString(empty.toPath(), "");
		notFits = tmp.resolve("text.fits").toFile();
		Files.writeString(notFits.toPath(), "this is not FITS\n");
		folder = tmp.resolve("folder").toFile();
		assertTrue(folder.mkdir());
		String v1 = f("science_V_001.fits"), v2 = f("science_V_002.fits"), b1 = f("science_B_001.fits");
		VALID.put("Open FITS", "path=" + v1);
		VALID.put("Save FITS", "input=" + v1 + ",path=" + o("s.fits"));
		VALID.put("Simulate Observation", "output=" + o("sim") + ",width=32,height=32,stars=3,filters=V,bias_frames=1," +
			"dark_frames=0,flat_frames=0,science_frames=1,epoch2_frames=0");
		VALID.put("Combine Frames", "files=\"" + f("bias_001.fits") + "," + f("bias_002.fits") + "\",output=" + o("c.fits"));
		VALID.put("Master Calibration", "directory=" + night + ",output=" + o("cal"));
		VALID.put("Remove Cosmic Rays", "input=" + v1 + ",output=" + o("cr.fits") + ",table=" + o("cr.csv"));
		VALID.put("Fit Background", "input=" + v1 + ",box=16,output=" + o("bg.fits") + ",csv=" + o("bg.csv"));
		VALID.put("Extract Spectrum", "input=" + v1 + ",source=46-49,background=\"0-30,60-95\",output=" + o("sp.fits") + ",csv=" +
			o("sp.csv"));
		VALID.put("Find Stars", "input=" + v1 + ",box_size=16,table_file=" + o("st.csv") + ",regions_file=" + o("st.reg") +
			",output=" + o("labels.fits"));
		VALID.put("RGB Composite", "red_input=" + v1 + ",green_input=" + v2 + ",blue_input=" + b1 + ",output=" + o("rgb.png") +
			",stack_output=" + o("rgb.fits"));
		VALID.put("Shift Image", "input=" + v1 + ",dx=1.5,output=" + o("sh.fits"));
		VALID.put("Rotate Image", "input=" + v1 + ",angle=10,output=" + o("rot.fits"));
		VALID.put("Find Transform", "input=" + v2 + ",reference_input=" + v1 + ",table_file=" + o("m.csv"));
		VALID.put("Align Images", "frames=" + v2 + ",reference_input=" + v1 + ",output=" + o("al"));
		VALID.put("Aperture Photometry", "input=" + v1 + ",gain=1.5,table_file=" + o("ph.csv") + ",regions_file=" + o("ph.reg"));
		VALID.put("Radial Profile", "input=" + v1 + ",centre=\"48,48\",table_file=" + o("rp.csv"));
		VALID.put("Colour-Magnitude Diagram", "input=" + b1 + ",input2=" + v1 + ",gain=1.5,table_file=" + o("cmd.csv") +
			",regions_file=" + o("cmd.reg"));
		File stars = tmp.resolve("stars.csv").toFile();
		assertEquals(0, RunCommand.run(context, "Find Stars", "input=" + v1 + ",box_size=16,exclude_flagged=true,table_file=" + stars,
			quiet(), quiet()));
		File model = tmp.resolve("psf.fits").toFile();
		assertEquals(0, RunCommand.run(context, "Estimate PSF", "input=" + v1 + ",elements=1,degree=0,k=5,stamp_size=9,saturation=-1,model_file=" + model,
			quiet(), quiet()));
		VALID.put("Estimate PSF", "input=" + v1 + ",elements=1,degree=0,k=5,stamp_size=9,saturation=-1,model_file=" + o("psf.fits") + ",table_file=" +
			o("psf.csv"));
		VALID.put("PSF at Position", "model_file=" + model + ",x=40,y=50,output=" + o("psf_at.fits"));
		VALID.put("Fit Star Profiles", "input=" + v1 + ",positions=" + stars + ",table_file=" + o("fits.csv"));
		VALID.put("Image Subtraction (ZOGY)", "input=" + v2 + ",reference_input=" + v1 + ",psf=model,model_reference=" + model + ",model_new=" + model +
			",beta=1,table_file=" + o("zogy.csv") +
			",regions_file=" + o("zogy.reg") + ",output=" + o("zogy.fits"));
		VALID.put("Proper Coadd", "frames=\"" + v1 + "," + v2 + "\",fluxes=\"1,1\",box_size=16,output=" + o("coadd.fits"));
		VALID.put("Light Curve", "directory=" + night + ",frames=science_V_*.fits,positions=" + stars + ",gain=1.5,table_file=" +
			o("lc.csv"));
		// Reduce Night: a night whose every step succeeds (a sparse one: its PSF step measures at the stars it found)
		File sparse = tmp.resolve("sparse").toFile();
		assertEquals(0, RunCommand.run(context, "Simulate Observation", "output=\"" + sparse + "\",seed=7,width=256,height=256," +
			"stars=60,filters=V,bias_frames=2,dark_frames=1,flat_frames=2,science_frames=2,epoch2_frames=0", quiet(), quiet()));
		VALID.put("Reduce Night", "input=" + sparse + ",output=" + o("night"));
	}

	/** The thread the runs go on, so that a hung run is seen (after 60 s) rather than hanging the build. */
	private static ExecutorService runner = Executors.newSingleThreadExecutor();

	@AfterAll
	static void close() {
		runner.shutdownNow();
		context.dispose();
	}

	private static String f(String name) {
		return new File(night, name).getPath();
	}

	private static String o(String name) {
		return new File(out, name).getPath();
	}

	/**
	 * Bad values per text key that the generic ones do not reach (its meaning is the command's); after a
	 * '|', the other options that make the command use the key.
	 */
	private static final Map<String, List<String>> TEXT = new TreeMap<>(Map.ofEntries(
		Map.entry("source", List.of("x", "90-99", "5-", "-3", "49-46")), Map.entry("background", List.of("0-47", "a-b", ",,")),
		Map.entry("ranges", List.of("1-|model=columns", "90-100|model=columns", "x|model=rows")),
		Map.entry("protect_rows", List.of("x", "90-99")), Map.entry("radii", List.of("-3", "0", "a,b", ",")),
		Map.entry("centre", List.of("a,b", "1", "1,2,3", "NaN,3")), Map.entry("plot_centre", List.of("x|plots=true", "1|plots=true")),
		Map.entry("scales", List.of("a", "1,2")), Map.entry("minimum", List.of("x")),
		Map.entry("scale_min", List.of("x,y,z|method=linear", "1,2|method=linear")), Map.entry("files", List.of("/no/such.fits", ",")),
		Map.entry("frames", List.of("/no/such_*.fits", "zzz*.fits")), Map.entry("bias", List.of("nomatch*")),
		Map.entry("bad_flags", List.of("hott", "-1", "bad+")), Map.entry("weights", List.of("1,2,3|method=mean", "NOKEY|method=mean")),
		Map.entry("filters", List.of("B,,V", "B,B", "V/2")), Map.entry("overscan", List.of("[1:2", "[0:0,1:1]")),
		Map.entry("trim", List.of("[99:200,1:10]")), Map.entry("bands", List.of("B,V,R,I")), Map.entry("target", List.of("x", "1,2,3")),
		Map.entry("comparisons", List.of("1,2 x", "3")), Map.entry("hdu", List.of("NOSUCH", "99"))));

	/** One run: the options, the kind of case, what came of it. */
	private static final class Case {

		final String label, options, kind;
		int exit;
		double seconds;
		String err = "";
		boolean timedOut;

		Case(String label, String options, String kind) {
			this.label = label;
			this.options = options;
			this.kind = kind;
		}
	}

	/** -Dcampaign.all=true runs every extreme case too (about 500 more runs, half a minute). */
	private static final boolean ALL = Boolean.getBoolean("campaign.all");
	private static int extremes;

	@Test
	void everyBadInputIsOneClearLineAndLeavesNoFile() throws Exception {
		List<Case> cases = new ArrayList<>();
		CommandService cs = context.service(CommandService.class);
		for (String label : Commands.labels(cs)) {
			assertTrue(VALID.containsKey(label), "a valid run of " + label + " for the campaign");
			CommandInfo info = Commands.find(cs, label);
			Case ok = run(new Case(label, VALID.get(label), "valid"));
			assertEquals(0, ok.exit, label + " " + ok.options + ": " + ok.err);
			cases.add(ok);
			cases.add(run(new Case(label, VALID.get(label) + ",nosuchkey=1", "bad")));
			for (ModuleItem<?> item : Commands.parameters(info)) {
				if (Commands.isImage(item)) continue;
				for (String[] bad : bad(label, item)) {
					String[] value = bad[1].split("\\|", 2);
					String options = with(VALID.get(label), item.getName(), value[0]);
					if (value.length > 1) for (Map.Entry<String, Object> e : RunCommand.parse(value[1]).entrySet()) options = with(options,
						e.getKey(), (String) e.getValue());
					// every bad case; of the extreme ones, which run the command, every tenth unless all are asked for
					if (bad[0].equals("bad") || ALL || extremes++ % 10 == 0) cases.add(run(new Case(label, options, bad[0])));
				}
			}
		}
		StringBuilder report = new StringBuilder();
		Map<String, Integer> counts = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		for (Case c : cases) {
			String outcome = c.timedOut ? "hang" : c.exit == 0 ? "accepted" : c.err.contains("out of memory") ? "oom" : clear(c) ? "refused"
				: "unclear";
			counts.merge(c.kind + " " + outcome, 1, Integer::sum);
			report.append(String.format(Locale.ROOT, "%-8s %-9s %6.3f s %s '%s'%n          %s%n", c.kind, outcome, c.seconds, c.label,
				c.options, c.err.trim().replace("\n", "\n          ")));
			boolean ok = c.kind.equals("bad") ? outcome.equals("refused") : c.kind.equals("valid") ? outcome.equals("accepted")
				: outcome.equals("refused") || outcome.equals("accepted");
			if (!ok) failures.add(c.label + " '" + c.options + "': " + outcome + ": " + c.err.trim());
		}
		report.insert(0, "Bad-input campaign through astro run: " + cases.size() + " runs\n" + counts + "\n\n");
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "bad-input-report.txt"), report);
		long bad = cases.stream().filter(c -> c.kind.equals("bad")).count();
		assertTrue(bad >= 200, "at least 200 bad combinations (got " + bad + ")");
		assertEquals(List.of(), failures, counts.toString());
	}

	/** A refusal: exit 1, one line "error: Label: ...", no stack trace, no file left behind (checked by run). */
	private static boolean clear(Case c) {
		String e = c.err.trim();
		return c.exit == 1 && !e.contains("\n") && e.startsWith("error: " + c.label + ": ") && !e.contains("Exception") &&
			!e.contains("\tat ") && !e.endsWith(": null");
	}

	/** The bad values of one key: {kind, value}; kind "bad" must be refused, "extreme" may also run. */
	private static List<String[]> bad(String label, ModuleItem<?> item) {
		List<String[]> v = new ArrayList<>();
		Class<?> t = item.getType();
		String style = item.getWidgetStyle() == null ? "" : item.getWidgetStyle();
		boolean simulate = label.equals("Simulate Observation");
		if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
			for (String s : new String[] { "abc", "1.5", "1e30" }) v.add(new String[] { "bad", s });
			for (String s : simulate ? new String[] { "-1" } : new String[] { "0", "-1", "99999", "-99999" }) v.add(new String[] {
				"extreme", s });
		}
		else if (t == double.class || t == Double.class || t == float.class) {
			for (String s : new String[] { "abc", "NaN", "1e400" }) v.add(new String[] { "bad", s });
			for (String s : simulate ? new String[] { "-1" } : new String[] { "0", "-1", "99999", "-99999", "1e-300" }) v.add(
				new String[] { "extreme", s });
		}
		else if (t == boolean.class || t == Boolean.class) v.add(new String[] { "bad", "maybe" });
		else if (item.getChoices() != null && !item.getChoices().isEmpty()) v.add(new String[] { "bad", "nosuch" });
		else if (t == File.class && style.contains(FileWidget.SAVE_STYLE)) {
			v.add(new String[] { "bad", f("science_V_001.fits") }); // exists (and is an input of most)
			v.add(new String[] { "bad", folder.getPath() });
			v.add(new String[] { "bad", new File(csv, "x.out").getPath() }); // under a file
		}
		else if (t == File.class && (item.getName().equals("output") || item.getName().endsWith("_output") && style.contains(
			FileWidget.DIRECTORY_STYLE))) { // an output directory (Master Calibration's reduced_output too)
			v.add(new String[] { "bad", csv.getPath() });
			// the frames' own folder: refused by Master Calibration (its products would be frames next time), fine for others
			v.add(new String[] { "extreme", night.getPath() });
		}
		else if (t == File.class) {
			// an input: refused when the command reads it; a key its settings leave unused (err) may be accepted
			String kind = item.getName().equals("err") ? "extreme" : "bad";
			boolean table = List.of("positions", "stars", "reference_stars", "annuli").contains(item.getName());
			for (File f : new File[] { new File("/no/such.fits"), cut, notFits }) v.add(new String[] { kind, f.getPath() });
			// a folder where a file is read; an (empty) folder where a folder is read may be fine
			v.add(new String[] { style.contains(FileWidget.DIRECTORY_STYLE) ? "extreme" : kind, folder.getPath() });
			// an empty file is no FITS; as a table or region file it holds no positions (an empty result)
			v.add(new String[] { table ? "extreme" : kind, empty.getPath() });
			if (table) v.add(new String[] { kind, csv.getPath() });
		}
		else if (TEXT.containsKey(item.getName())) for (String s : TEXT.get(item.getName())) v.add(new String[] { "bad", s });
		return v;
	}

	/** The options with {@code key} set to {@code value} (replacing a valid value, if any). */
	private static String with(String options, String key, String value) {
		Map<String, Object> map = RunCommand.parse(options);
		map.put(key, value);
		return map.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(","));
	}

	/** Runs the case with a time limit; checks that a failed run left the files as they were, and that no run changed an input. */
	private static Case run(Case c) throws Exception {
		List<String> before = tree(), inputs = inputs();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		long t0 = System.nanoTime();
		Future<Integer> f = runner.submit(() -> RunCommand.run(context, c.label, c.options, quiet(), new PrintStream(err, true,
			StandardCharsets.UTF_8)));
		try {
			c.exit = f.get(60, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.TimeoutException e) {
			c.timedOut = true;
			c.exit = -1;
			runner.shutdownNow(); // the hung run keeps its thread; the next runs get a new one
			runner = Executors.newSingleThreadExecutor();
		}
		c.seconds = (System.nanoTime() - t0) / 1e9;
		// progress lines are not part of the outcome
		c.err = new String(err.toByteArray(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("  [") && !l.endsWith(
			" finished in " + l.replaceAll(".* finished in ", ""))).collect(Collectors.joining("\n"));
		if (c.exit != 0 && !c.timedOut) assertEquals(before, tree(), "files left behind by " + c.label + " '" + c.options + "': " + c.err);
		if (!c.timedOut) {
			List<String> after = inputs();
			for (String input : inputs) assertTrue(after.contains(input), "input changed by " + c.label + " '" + c.options + "': " + input);
			// what an accepted run wrote beside the inputs (output=<the frames' folder>) would become an input of the next runs
			for (String added : after) if (!inputs.contains(added)) Files.delete(tmp.resolve(added.substring(0, added.indexOf(' '))));
		}
		clearOutputs();
		return c;
	}

	private static List<String> tree() throws IOException {
		try (Stream<Path> s = Files.walk(tmp)) {
			return s.map(p -> tmp.relativize(p).toString()).sorted().collect(Collectors.toList());
		}
	}

	/** Every file outside the output folder with its length and CRC-32 of its content. */
	private static List<String> inputs() throws IOException {
		List<String> files = new ArrayList<>();
		try (Stream<Path> s = Files.walk(tmp)) {
			for (Path p : (Iterable<Path>) s.filter(p -> Files.isRegularFile(p) && !p.startsWith(out.toPath())).sorted()::iterator) {
				java.util.zip.CRC32 crc = new java.util.zip.CRC32();
				byte[] b = Files.readAllBytes(p);
				crc.update(b);
				files.add(tmp.relativize(p) + " " + b.length + " " + Long.toHexString(crc.getValue()));
			}
		}
		return files;
	}

	private static void clearOutputs() throws IOException {
		if (!out.exists()) return;
		try (Stream<Path> s = Files.walk(out.toPath())) {
			for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
		}
	}

	private static PrintStream quiet() {
		return new PrintStream(java.io.OutputStream.nullOutputStream());
	}
}
