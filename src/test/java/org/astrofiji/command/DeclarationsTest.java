package org.astrofiji.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The build's copy of the commands' annotations ({@link DeclarationsProcessor}) says what the
 * annotations say, and the {@link DeclaredCommandInfo} made from it what SciJava's {@link CommandInfo}
 * says: for every command of the plugin index.
 */
class DeclarationsTest {

	/** Every command SciJava's CommandService finds in this project (the plugin index). */
	private static List<CommandInfo> commands(Context context) {
		List<CommandInfo> ours = new ArrayList<>();
		for (CommandInfo ci : context.service(CommandService.class).getCommands()) {
			if (ci.getClassName().startsWith("org.astrofiji.")) ours.add(ci);
		}
		assertTrue(ours.size() >= 20, ours.toString());
		return ours;
	}

	@Test
	void everyCommandHasDeclarationsEqualToItsAnnotations() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			for (CommandInfo ci : commands(context)) {
				Class<?> c = ci.loadClass();
				Declarations d = Declarations.of(c);
				assertNotNull(d, c.getName());
				// an annotation equals an object of its type whose members return the same values (arrays element by element)
				assertEquals(c.getAnnotation(Plugin.class), d.plugin(), c.getName());
				assertTrue(c.getAnnotation(Plugin.class).equals(d.plugin()), c.getName());
				List<Field> reflected = new ArrayList<>();
				for (Class<?> s = c; s != null; s = s.getSuperclass()) {
					List<Field> own = new ArrayList<>();
					for (Field f : s.getDeclaredFields()) if (f.isAnnotationPresent(Parameter.class)) own.add(f);
					reflected.addAll(0, own);
					InheritedAfter after = s.getAnnotation(InheritedAfter.class);
					assertEquals(after == null ? null : after.value(), d.inheritedAfter(s), s.getName());
				}
				List<Field> declared = new ArrayList<>();
				for (Declarations.Declared f : d.fields()) {
					declared.add(f.field);
					assertTrue(f.field.getAnnotation(Parameter.class).equals(f.parameter), f.field.toString());
				}
				assertEquals(reflected, declared, c.getName());
			}
		}
	}

	@Test
	void declaredCommandInfoSaysWhatSciJavasSays() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			for (CommandInfo expected : commands(context)) {
				String name = expected.getClassName();
				@SuppressWarnings("unchecked")
				CommandInfo actual = DeclaredCommandInfo.of((Class<? extends Command>) expected.loadClass());
				assertNotNull(actual, name);
				assertTrue(actual instanceof DeclaredCommandInfo, name);
				assertEquals(expected.getClassName(), actual.getClassName());
				assertEquals(expected.getTitle(), actual.getTitle(), name);
				assertEquals(expected.getLabel(), actual.getLabel(), name);
				assertEquals(expected.getName(), actual.getName(), name);
				assertEquals(expected.getDescription(), actual.getDescription(), name);
				assertEquals(expected.getMenuPath().toString(), actual.getMenuPath().toString(), name);
				assertEquals(expected.getMenuRoot(), actual.getMenuRoot(), name);
				assertEquals(expected.getPriority(), actual.getPriority(), name);
				assertEquals(expected.canRunHeadless(), actual.canRunHeadless(), name);
				assertEquals(expected.getInitializer(), actual.getInitializer(), name);
				assertEquals(expected.isVisible(), actual.isVisible(), name);
				assertEquals(expected.isEnabled(), actual.isEnabled(), name);
				assertEquals(expected.isValid(), actual.isValid(), name);
				assertEquals(expected.canCancel(), actual.canCancel(), name);
				assertEquals(expected.canPreview(), actual.canPreview(), name);
				sameItems(name, expected.inputs(), actual.inputs());
				sameItems(name, expected.outputs(), actual.outputs());
				for (ModuleItem<?> item : expected.inputs()) assertEquals(item.getName(), actual.getInput(item.getName()).getName());
				for (ModuleItem<?> item : expected.outputs()) assertEquals(item.getName(), actual.getOutput(item.getName()).getName());
				assertNull(actual.getInput("no such parameter"));
				assertEquals(names(Commands.ordered(expected)), names(Commands.ordered(actual)), name);
				assertEquals(names(Commands.parameters(expected)), names(Commands.parameters(actual)), name);
				// the defaults, read through the module (fields set and read by reflection)
				assertEquals(Commands.defaults(context, expected), Commands.defaults(context, actual), name);
			}
		}
	}

	private static void sameItems(String command, Iterable<ModuleItem<?>> expected, Iterable<ModuleItem<?>> actual) {
		Iterator<ModuleItem<?>> a = actual.iterator();
		for (ModuleItem<?> e : expected) {
			assertTrue(a.hasNext(), command + ": no item " + e.getName());
			ModuleItem<?> x = a.next();
			String where = command + "." + e.getName();
			assertEquals(e.getName(), x.getName(), where);
			assertEquals(e.getType(), x.getType(), where);
			assertEquals(e.getGenericType(), x.getGenericType(), where);
			assertEquals(e.getIOType(), x.getIOType(), where);
			assertEquals(e.isInput(), x.isInput(), where);
			assertEquals(e.isOutput(), x.isOutput(), where);
			assertEquals(e.getVisibility(), x.getVisibility(), where);
			assertEquals(e.isRequired(), x.isRequired(), where);
			assertEquals(e.isPersisted(), x.isPersisted(), where);
			assertEquals(e.getPersistKey(), x.getPersistKey(), where);
			assertEquals(e.isAutoFill(), x.isAutoFill(), where);
			assertEquals(e.getLabel(), x.getLabel(), where);
			assertEquals(e.getDescription(), x.getDescription(), where);
			assertEquals(e.getWidgetStyle(), x.getWidgetStyle(), where);
			assertEquals(e.getInitializer(), x.getInitializer(), where);
			assertEquals(e.getValidater(), x.getValidater(), where);
			assertEquals(e.getCallback(), x.getCallback(), where);
			// typed values: the same value of the same class (the command line's checks compare classes)
			typed(where + " min", e.getMinimumValue(), x.getMinimumValue());
			typed(where + " max", e.getMaximumValue(), x.getMaximumValue());
			typed(where + " soft min", e.getSoftMinimum(), x.getSoftMinimum());
			typed(where + " soft max", e.getSoftMaximum(), x.getSoftMaximum());
			typed(where + " step", e.getStepSize(), x.getStepSize());
			assertEquals(e.getColumnCount(), x.getColumnCount(), where);
			assertEquals(e.getChoices(), x.getChoices(), where);
			if (e.getChoices() != null) {
				for (int i = 0; i < e.getChoices().size(); i++) typed(where + " choice", e.getChoices().get(i), x.getChoices().get(i));
			}
			for (String attr : List.of(Commands.ALTERNATIVE_TO, Commands.CHOOSE_IMAGE)) {
				assertEquals(e.is(attr), x.is(attr), where + " " + attr);
				assertEquals(e.get(attr), x.get(attr), where + " " + attr);
			}
		}
		assertTrue(!a.hasNext(), command + ": more items than SciJava's");
	}

	private static void typed(String where, Object expected, Object actual) {
		assertEquals(expected, actual, where);
		if (expected != null) assertEquals(expected.getClass(), actual.getClass(), where);
	}

	private static List<String> names(List<ModuleItem<?>> items) {
		List<String> names = new ArrayList<>();
		for (ModuleItem<?> i : items) names.add(i.getName());
		return names;
	}

	@Test
	void aDeclaredModuleSetsAndReadsItsFieldsAsSciJavasDoes() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			CommandInfo expected = Commands.find(context.service(CommandService.class), "Find Stars");
			CommandInfo actual = DeclaredCommandInfo.of(FindStarsCommand.class);
			Map<String, Object> inputs = Commands.convert(context, expected, Map.of("k", "5", "min_area", "3", "method", "peaks",
				"table_file", "/tmp/x.csv", "exclude_flagged", "true"));
			Module a = actual.createModule(), e = expected.createModule();
			for (Map.Entry<String, Object> i : inputs.entrySet()) {
				a.setInput(i.getKey(), i.getValue());
				e.setInput(i.getKey(), i.getValue());
			}
			for (ModuleItem<?> item : expected.inputs()) assertEquals(e.getInput(item.getName()), a.getInput(item.getName()), item.getName());
			assertEquals(5.0, a.getInput("k"));
			assertEquals(3, a.getInput("min_area"));
		}
	}
}
