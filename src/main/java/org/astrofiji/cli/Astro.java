package org.astrofiji.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import org.scijava.Context;
import org.scijava.Priority;
import org.scijava.SciJava;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.event.EventService;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;
import org.scijava.service.Service;

import org.astrofiji.command.Commands;
import org.astrofiji.core.Version;

/**
 * The headless launcher behind {@code ./astro}:
 * <pre>
 * astro demo [dir]                simulate a night and run every workflow on it
 * astro run "Label" 'k=v,...'     run one command, as fiji --headless --run does
 * astro macro file.ijm [arg]      run an ImageJ macro headless, as fiji --headless -macro does
 * astro bench                     time the workflows and print a table
 * astro help ["Label"]            list the commands, or one command's parameters
 * astro --headless --run ...      handed unchanged to SciJava (the exact Fiji code path)
 * </pre>
 */
public final class Astro {

	private Astro() {}

	public static void main(String... args) throws Exception {
		System.exit(main(args, System.out, System.err));
	}

	static int main(String[] args, PrintStream out, PrintStream err) throws Exception {
		if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
			usage(out);
			return args.length == 0 ? 2 : 0;
		}
		String cmd = args[0];
		String[] rest = Arrays.copyOfRange(args, 1, args.length);
		switch (cmd) {
			case "run":
				if (rest.length < 1) {
					err.println("usage: astro run \"Command Label\" 'key=value,...'");
					return 2;
				}
				return RunCommand.run(rest[0], rest.length > 1 ? rest[1] : "", out, err);
			case "macro":
				if (rest.length < 1) {
					err.println("usage: astro macro file.ijm [argument]");
					return 2;
				}
				try {
					return HeadlessMacro.run(appDir(), new File(rest[0]), rest.length > 1 ? rest[1] : "");
				}
				catch (IOException e) {
					err.println("error: " + e.getMessage()); // a missing or unreadable macro file: one line, no trace
					return 1;
				}
			case "demo":
				return Demo.run(rest.length > 0 ? new File(rest[0]) : new File("astro-demo"), out, err);
			case "bench":
				err.println("astro bench runs from a source checkout: ./astro bench (the benchmarks live in src/test)");
				return 2;
			case "help":
			case "list":
				try {
					help(rest, out);
					return 0;
				}
				catch (IllegalArgumentException e) {
					err.println("error: " + e.getMessage());
					return 2;
				}
			case "--archive-training":
				return ArchiveTraining.run();
			case "--version":
				out.println(Version.software());
				return 0;
			default:
				if (cmd.startsWith("-")) { // SciJava's own command line: --headless --run ...
					new SciJava().launch(args);
					return 0;
				}
				err.println("unknown command '" + cmd + "'");
				usage(err);
				return 2;
		}
	}

	/**
	 * The SciJava context of the {@code run}s and {@code help}s a {@link LeanContext} does not serve
	 * (Reduce Night, values only SciJava's converters read, names of other jars' commands), and of the
	 * class-data training: only the services running a command needs
	 * (commands, modules, conversion, status, events), so a headless run starts in a fraction of the
	 * time a full context takes (UI, scripting, I/O and the other services are not made); events are
	 * delivered without AWT ({@link HeadlessThreadService}).
	 */
	static Context commandContext() {
		PluginIndex index = new PluginIndex(); // discovered by the context (discovering here too listed every command twice)
		PluginInfo<Service> threads = new PluginInfo<>(HeadlessThreadService.class, Service.class);
		threads.setPriority(Priority.EXTREMELY_HIGH);
		index.add(threads);
		return new Context(List.of(CommandService.class, ConvertService.class, StatusService.class, EventService.class), index);
	}

	/**
	 * {@code astro help [--markdown | "Label"]}, in a {@link LeanContext}; a name it does not know is
	 * looked up (or reported unknown) in {@link #commandContext()}.
	 */
	static void help(String[] rest, PrintStream out) {
		boolean one = rest.length > 0 && !rest[0].equals("--markdown"), list = rest.length == 0;
		CommandInfo info = one ? LeanContext.find(rest[0]) : null;
		List<CommandInfo> commands = one ? (info == null ? null : List.of(info)) : LeanContext.commands();
		if (commands != null && !commands.isEmpty()) {
			try (Context lean = LeanContext.create()) {
				// parameters and defaults are read from a command instance: only for commands the lean context serves
				if (list || commands.stream().allMatch(c -> LeanContext.serves(lean, c))) {
					help(lean, commands, rest, out);
					return;
				}
			}
		}
		try (Context context = commandContext()) {
			help(context, context.service(CommandService.class).getCommands(), rest, out);
		}
	}

	/** {@code astro help [--markdown | "Label"]} over these commands of the context. */
	static void help(Context context, List<CommandInfo> commands, String[] rest, PrintStream out) {
		if (rest.length > 0 && rest[0].equals("--markdown")) {
			for (String label : Commands.labels(commands)) {
				out.println("### " + label);
				out.println();
				RunCommand.markdown(context, Commands.find(commands, label), out);
				out.println();
			}
		}
		else if (rest.length == 0) {
			out.println(Version.software() + " commands (astro help \"Label\" for the parameters):");
			for (String label : Commands.labels(commands)) out.println("  " + label);
		}
		else RunCommand.describe(context, Commands.find(commands, rest[0]), out);
	}

	private static void usage(PrintStream out) {
		out.println(Version.software() + " - astronomical CCD image processing for Fiji, headless");
		out.println("usage:");
		out.println("  astro demo [dir]              simulate a night into dir (default astro-demo) and run every workflow");
		out.println("  astro run \"Label\" 'k=v,...'   run one command (astro help \"Label\" lists its keys)");
		out.println("  astro macro file.ijm [arg]    run an ImageJ macro headless");
		out.println("  astro bench                   time the workflows");
		out.println("  astro help [\"Label\"]          list commands, or describe one");
	}

	/** The ImageJ application layout (ij.jar, plugins/, jars/) the launcher runs from. */
	static File appDir() {
		String p = System.getProperty("astrofiji.app");
		if (p != null) return new File(p);
		File jar = new File(Astro.class.getProtectionDomain().getCodeSource().getLocation().getPath());
		return jar.getParentFile().getParentFile(); // app/plugins/Astro_Fiji.jar -> app
	}
}
