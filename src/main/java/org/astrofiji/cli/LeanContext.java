package org.astrofiji.cli;

import java.util.ArrayList;
import java.util.List;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.PluginIndex;
import org.scijava.service.Service;

import org.astrofiji.command.Commands;
import org.astrofiji.command.DeclaredCommandInfo;

/**
 * The SciJava context of a one-shot {@code astro run} or {@code astro help}: one service,
 * {@link DirectStatusService}, and no plugin discovery; the commands come from Astro Fiji's own plugin
 * index ({@link OwnPlugins}). No EventService, CommandService, ModuleService or ConvertService is
 * made: the full command context took ~0.1 s of CPU of a ~0.4 s run. A command runs in it through the
 * same {@link Commands} calls as anywhere (its {@link CommandInfo} made from the declarations the build
 * copied from its annotations, {@link DeclaredCommandInfo}; its services injected by the context); one that takes more (Reduce Night takes the context) runs in
 * {@link Astro#commandContext()} instead ({@link #serves}). Fiji and the ImageJ bridge never see it.
 */
final class LeanContext {

	private LeanContext() {}

	/** A new lean context. */
	static Context create() {
		// no service classes: SciJava's service helper (its class pool, a log service, reflection over each
		// service's fields) is not needed for one service that needs none
		Context context = new Context(List.of(), new PluginIndex(null));
		DirectStatusService status = new DirectStatusService();
		status.setContext(context);
		context.getServiceIndex().add(status);
		return context;
	}

	/**
	 * The command of Astro Fiji's index that {@link Commands#match} finds by this name, or null (a name
	 * this index does not know).
	 */
	static CommandInfo find(String name) {
		String n = name.trim(), label = n.endsWith("...") ? n.substring(0, n.length() - 3).trim() : n;
		// only the commands whose class name or label can match are loaded; Commands.match decides
		List<CommandInfo> candidates = new ArrayList<>();
		for (OwnPlugins.Entry e : OwnPlugins.commands()) {
			if (e.className.equals(n) || e.label.equalsIgnoreCase(label)) {
				CommandInfo info = info(e);
				if (info == null) return null;
				candidates.add(info);
			}
		}
		return Commands.match(candidates, name);
	}

	/** All commands of Astro Fiji's index, or null when one cannot be loaded. */
	static List<CommandInfo> commands() {
		List<CommandInfo> commands = new ArrayList<>();
		for (OwnPlugins.Entry e : OwnPlugins.commands()) {
			CommandInfo info = info(e);
			if (info == null) return null;
			commands.add(info);
		}
		return commands;
	}

	/**
	 * The command's info: from the declarations the build copied from its annotations
	 * ({@link DeclaredCommandInfo}), else made from its class as CommandService makes it; null if it
	 * cannot load.
	 */
	@SuppressWarnings("unchecked")
	private static CommandInfo info(OwnPlugins.Entry e) {
		try {
			Class<? extends Command> c = (Class<? extends Command>) Class.forName(e.className, false, LeanContext.class.getClassLoader());
			CommandInfo declared = DeclaredCommandInfo.of(c);
			return declared != null ? declared : new CommandInfo(c);
		}
		catch (ClassNotFoundException | LinkageError | ClassCastException ex) {
			return null;
		}
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
}
