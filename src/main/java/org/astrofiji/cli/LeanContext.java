package org.astrofiji.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;
import org.scijava.service.Service;

/**
 * The SciJava context of a one-shot {@code astro run} or {@code astro help}: the plugins of Astro
 * Fiji's own plugin index (the one its build wrote, read as SciJava reads it, without parsing the
 * other jars' indexes) and a single service, {@link DirectStatusService}. No EventService,
 * CommandService, ModuleService or ConvertService is made: a full command context took ~0.1 s of CPU
 * of a ~0.4 s run. Commands are the same {@link CommandInfo}s CommandService makes and run through
 * the same {@link org.astrofiji.command.Commands} calls; a command needing more (Reduce Night takes
 * the context) runs in {@link Astro#commandContext()} instead ({@link #serves}). Fiji and the ImageJ
 * bridge never see this context.
 */
final class LeanContext {

	private LeanContext() {}

	/** A new lean context. */
	static Context create() {
		PluginIndex index = new PluginIndex(new DefaultPluginFinder(new OwnResources(LeanContext.class)));
		index.add(new PluginInfo<>(DirectStatusService.class, Service.class));
		return new Context(List.of(StatusService.class), index);
	}

	/** The commands of the context's plugin index, made as CommandService makes them. */
	static List<CommandInfo> commands(Context context) {
		List<CommandInfo> commands = new ArrayList<>();
		for (PluginInfo<Command> p : context.getPluginIndex().getPlugins(Command.class)) commands.add(new CommandInfo(p));
		return commands;
	}

	/** True when the context has every service the command takes, and the command does not take the context. */
	@SuppressWarnings("unchecked")
	static boolean serves(Context context, CommandInfo info) {
		for (ModuleItem<?> item : info.inputs()) {
			Class<?> t = item.getType();
			if (Context.class.isAssignableFrom(t)) return false;
			if (Service.class.isAssignableFrom(t) && context.getService((Class<? extends Service>) t) == null) return false;
		}
		return true;
	}

	/**
	 * A class loader that answers SciJava's plugin finder with one class's jar's (or classes folder's)
	 * plugin index only, found from the class's location: asking the class path for the index opens
	 * every jar on it (~20, none of them open yet when the classes come from the class-data archive;
	 * 15-40 ms). Classes load from the parent.
	 */
	private static final class OwnResources extends ClassLoader {

		private static final String INDEX = "META-INF/json/" + Plugin.class.getName();

		private final URL index;

		OwnResources(Class<?> c) {
			super(c.getClassLoader());
			this.index = index(c);
		}

		private static URL index(Class<?> c) {
			CodeSource source = c.getProtectionDomain().getCodeSource();
			if (source == null) return null;
			try {
				String location = source.getLocation().toString();
				if (!location.endsWith("/")) return new URL("jar:" + location + "!/" + INDEX);
				URL url = new URL(source.getLocation(), INDEX);
				return new File(url.toURI()).isFile() ? url : null; // a classes folder (tests, IDEs)
			}
			catch (MalformedURLException | URISyntaxException | IllegalArgumentException e) {
				return null;
			}
		}

		@Override
		public Enumeration<URL> getResources(String name) {
			return Collections.enumeration(name.equals(INDEX) && index != null ? List.of(index) : List.of());
		}
	}
}
