package org.astrofiji.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.astrofiji.command.Commands;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

/**
 * The README documents every command and every key, and plugins.config and macros/ reach every
 * command: the parameters are declared once, in the commands, and this keeps the rest in step.
 */
class ReadmeTest {

	@Test
	void everyCommandIsMenuMacroAndReadmeDocumented() throws Exception {
		String readme = Files.readString(new File("README.md").toPath());
		String config = Files.readString(new File("plugins.config").toPath());
		StringBuilder macros = new StringBuilder();
		for (File f : new File("macros").listFiles((d, n) -> n.endsWith(".ijm"))) macros.append(Files.readString(f.toPath()));
		List<String> problems = new ArrayList<>();
		try (Context context = new Context(CommandService.class, org.scijava.module.ModuleService.class)) {
			CommandService cs = context.service(CommandService.class);
			for (String label : Commands.labels(cs)) {
				CommandInfo info = Commands.find(cs, label);
				if (!config.contains("\"" + label + "...\", org.astrofiji.ij1.CommandBridge(\"" + info.getClassName() + "\")"))
					problems.add(label + ": no plugins.config line");
				if (!macros.toString().contains("run(\"" + label + "...\"")) problems.add(label + ": no macro in macros/ runs it");
				int at = readme.indexOf("\n### " + label + "\n");
				if (at < 0) {
					problems.add(label + ": no README section '### " + label + "'");
					continue;
				}
				int end = readme.indexOf("\n## ", at + 1);
				String section = readme.substring(at, end < 0 ? readme.length() : end);
				for (ModuleItem<?> item : Commands.parameters(info)) {
					if (!section.contains("| `" + item.getName() + "` |")) problems.add(label + ": README lacks key " + item.getName());
				}
				// the key table is generated from the command (./astro help --markdown): it must match exactly
				java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
				org.astrofiji.cli.RunCommand.markdown(context, info, new java.io.PrintStream(table, true, "UTF-8"));
				if (!section.contains(table.toString("UTF-8").trim())) problems.add(label +
					": README key table differs from ./astro help --markdown");
			}
		}
		assertTrue(problems.isEmpty(), String.join("\n", problems));
	}
}
