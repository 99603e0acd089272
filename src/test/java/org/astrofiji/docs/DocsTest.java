package org.astrofiji.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

import org.astrofiji.cli.RunCommand;
import org.astrofiji.command.Commands;
import org.astrofiji.core.image.Dq;

/**
 * The docs keep in step with the code: every command has a plugins.config line, a macro that runs it, a
 * page docs/commands/<command>.md whose key table is exactly `./astro help --markdown`, and a link from
 * the README; the DQ flags documented are Dq's. The parameters are declared once, in the commands.
 */
class DocsTest {

	static String slug(String label) {
		return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
	}

	@Test
	void everyCommandIsMenuMacroAndDocumented() throws Exception {
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
				String page = "docs/commands/" + slug(label) + ".md";
				if (!readme.contains("](" + page + ")")) problems.add(label + ": the README does not link " + page);
				File f = new File(page);
				if (!f.isFile()) {
					problems.add(label + ": no page " + page);
					continue;
				}
				String doc = Files.readString(f.toPath());
				if (!doc.startsWith("# " + label + "\n")) problems.add(page + " does not start with '# " + label + "'");
				for (ModuleItem<?> item : Commands.parameters(info)) {
					if (!doc.contains("| `" + item.getName() + "` |")) problems.add(page + " lacks key " + item.getName());
				}
				ByteArrayOutputStream table = new ByteArrayOutputStream();
				RunCommand.markdown(context, info, new PrintStream(table, true, "UTF-8"));
				if (!doc.contains(table.toString(StandardCharsets.UTF_8).trim())) problems.add(page +
					": key table differs from ./astro help --markdown (regenerate it)");
			}
		}
		assertTrue(problems.isEmpty(), String.join("\n", problems));
	}

	@Test
	void theDqFlagsDocumentedAreDqs() throws Exception {
		String arch = Files.readString(new File("docs/ARCHITECTURE.md").toPath());
		String readme = Files.readString(new File("README.md").toPath());
		StringBuilder list = new StringBuilder();
		for (int bit : Dq.bits()) {
			String name = Dq.name(bit);
			assertTrue(arch.contains("| " + bit + " | `" + name + "` |"), "docs/ARCHITECTURE.md: DQ bit " + bit + " " + name);
			list.append(list.length() == 0 ? "" : ", ").append(bit).append(' ').append(name);
		}
		assertTrue(readme.replaceAll("\\s+", " ").contains(list.toString()), "README conventions list the DQ flags: " + list);
	}
}
