package org.astrofiji.command;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import net.imglib2.RandomAccessibleInterval;

import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.plugin.Parameter;
import org.scijava.InstantiableException;
import org.scijava.plugin.SciJavaPlugin;
import org.scijava.service.Service;

import org.astrofiji.core.image.AstroImage;

/**
 * Running Astro Fiji commands the same way from every surface: the ImageJ 1 bridge (dialogs and
 * macros) and the command line both find a command here, convert and check its parameter values
 * here, and run it here. The command's {@code @Parameter}s are the single source of names,
 * defaults, limits and choices.
 * <p>
 * Commands run without SciJava's pre- and post-processors: no value silently comes from an earlier
 * run (SciJava would load persisted values for inputs a batch job left out), nothing is shown; the
 * caller handles the outputs.
 */
public final class Commands {

	/** Attribute of a parameter that is an alternative to another one (e.g. a file instead of an image). */
	public static final String ALTERNATIVE_TO = "astrofiji.alternativeTo";

	/**
	 * Attribute of an optional image input that the ImageJ dialog lets the user choose among the open
	 * images (or none), instead of taking the active image: for commands that also work without one
	 * (Combine Frames combines an open stack or files).
	 */
	public static final String CHOOSE_IMAGE = "astrofiji.chooseImage";

	private Commands() {}

	/** A command by class name, label ("Find Stars") or ImageJ menu label ("Find Stars..."). */
	public static CommandInfo find(CommandService commands, String name) {
		CommandInfo info = commands.getCommand(name.trim());
		return info != null ? info : find(commands.getCommands(), name);
	}

	/** {@link #find(CommandService, String)} among these commands. */
	public static CommandInfo find(List<CommandInfo> commands, String name) {
		CommandInfo info = match(commands, name);
		if (info != null) return info;
		throw new IllegalArgumentException("no command '" + name + "'; the Astro Fiji commands are: " +
			String.join(", ", labels(commands)));
	}

	/**
	 * The first of these commands whose class name, label or menu label ("Find Stars...") is the name
	 * (labels in any case), or null.
	 */
	public static CommandInfo match(List<CommandInfo> commands, String name) {
		String n = name.trim();
		for (CommandInfo ci : commands) {
			if (ci.getClassName().equals(n)) return ci;
		}
		String label = n.endsWith("...") ? n.substring(0, n.length() - 3).trim() : n;
		for (CommandInfo ci : commands) {
			if (label.equalsIgnoreCase(ci.getTitle()) || label.equalsIgnoreCase(ci.getLabel())) return ci;
		}
		return null;
	}

	/** Labels of the Astro Fiji commands, sorted. */
	public static List<String> labels(CommandService commands) {
		return labels(commands.getCommands());
	}

	/** Labels of the Astro Fiji commands among these, sorted. */
	public static List<String> labels(List<CommandInfo> commands) {
		List<String> labels = new ArrayList<>();
		for (CommandInfo ci : commands) {
			if (ci.getClassName().startsWith("org.astrofiji.")) labels.add(ci.getTitle());
		}
		labels.sort(String::compareToIgnoreCase);
		return labels;
	}

	/**
	 * The inputs a user sets: not services or the context, not invisible ones or headings, in the order
	 * users see them ({@link #ordered}).
	 */
	public static List<ModuleItem<?>> parameters(CommandInfo info) {
		List<ModuleItem<?>> items = new ArrayList<>();
		for (ModuleItem<?> item : ordered(info)) {
			Class<?> t = item.getType();
			if (Service.class.isAssignableFrom(t) || Context.class.isAssignableFrom(t) ||
				SciJavaPlugin.class.isAssignableFrom(t) || item.getVisibility() == ItemVisibility.INVISIBLE ||
				item.getVisibility() == ItemVisibility.MESSAGE) continue;
			items.add(item);
		}
		return items;
	}

	/**
	 * Every input (headings included) in declaration order: inherited ones first, or where
	 * {@link InheritedAfter} puts them ({@link #parameterFields}).
	 */
	public static List<ModuleItem<?>> ordered(CommandInfo info) {
		List<ModuleItem<?>> items = new ArrayList<>();
		for (ModuleItem<?> item : info.inputs()) items.add(item);
		Class<?> c;
		try {
			c = info.loadClass();
		}
		catch (InstantiableException e) {
			return items;
		}
		if (inheritedAfter(c, Declarations.of(c)) == null) return items;
		List<String> order = new ArrayList<>();
		for (Field f : parameterFields(c)) order.add(f.getName());
		items.sort(Comparator.comparingInt(item -> order.indexOf(item.getName())));
		return items;
	}

	/**
	 * The {@code @Parameter} fields of a command class in the order users see them: superclass fields
	 * first (SciJava's order), or, with {@link InheritedAfter}, right after the named own field.
	 */
	public static List<Field> parameterFields(Class<?> c) {
		List<Field> fields = new ArrayList<>();
		for (Declarations.Declared d : declared(c)) fields.add(d.field);
		return fields;
	}

	/**
	 * {@link #parameterFields} with their {@code @Parameter} values: from the build's
	 * {@link Declarations} of the class when it has them, else from the annotations.
	 */
	public static List<Declarations.Declared> declared(Class<?> c) {
		return declared(c, Declarations.of(c));
	}

	private static List<Declarations.Declared> declared(Class<?> c, Declarations d) {
		List<Declarations.Declared> inherited = c.getSuperclass() == null ? new ArrayList<>() : declared(c.getSuperclass(), d);
		List<Declarations.Declared> own = d != null ? d.own(c) : new ArrayList<>();
		if (d == null) {
			for (Field f : c.getDeclaredFields()) {
				Parameter p = f.getAnnotation(Parameter.class);
				if (p != null) own.add(new Declarations.Declared(f, p));
			}
		}
		String after = inheritedAfter(c, d);
		int at = 0;
		if (after != null) {
			while (at < own.size() && !own.get(at).field.getName().equals(after)) at++;
			if (at == own.size()) throw new IllegalStateException(c.getName() + ": @InheritedAfter names no parameter '" +
				after + "'");
			at++;
		}
		List<Declarations.Declared> fields = new ArrayList<>(own.subList(0, at));
		fields.addAll(inherited);
		fields.addAll(own.subList(at, own.size()));
		return fields;
	}

	/** The {@link InheritedAfter} value of {@code c} (from {@code d} when given), or null. */
	private static String inheritedAfter(Class<?> c, Declarations d) {
		if (d != null) return d.inheritedAfter(c);
		InheritedAfter after = c.getAnnotation(InheritedAfter.class);
		return after == null ? null : after.value();
	}

	/** True for parameters that carry an image rather than a value. */
	public static boolean isImage(ModuleItem<?> item) {
		return RandomAccessibleInterval.class.isAssignableFrom(item.getType()) ||
			AstroImage.class.isAssignableFrom(item.getType());
	}

	/** Units written in a parameter's label: "inner_radius (px)" gives "px". */
	public static String units(String label) {
		if (label == null) return "";
		int open = label.lastIndexOf('('), close = label.lastIndexOf(')');
		return open >= 0 && close > open ? label.substring(open + 1, close) : "";
	}

	/** The default of each user parameter, as a fresh command instance has it. */
	public static Map<String, Object> defaults(Context context, CommandInfo info) {
		Module m = createModule(context, info);
		Map<String, Object> d = new LinkedHashMap<>();
		for (ModuleItem<?> item : parameters(info)) d.put(item.getName(), m.getInput(item.getName()));
		return d;
	}

	/**
	 * Converts values (text from a macro or the command line, or objects) to the parameter types and
	 * checks them against their declared limits and choices. Unknown names are an error that lists the
	 * known ones.
	 */
	public static Map<String, Object> convert(Context context, CommandInfo info, Map<String, ?> values) {
		Map<String, Object> out = convert(info, values, context.getService(ConvertService.class));
		if (out == null) throw new IllegalStateException("converting these values needs SciJava's ConvertService, which this " +
			"context does not have");
		return out;
	}

	/**
	 * What {@link #convert} returns, when no value needs SciJava's converters (text for a number, a
	 * boolean, a string or a file; an object of the parameter's type), else null; bad values fail as
	 * there. A context without a {@link ConvertService} runs a command with these values.
	 */
	public static Map<String, Object> convertsDirectly(CommandInfo info, Map<String, ?> values) {
		return convert(info, values, null);
	}

	/** The conversion; with no {@code convert}, null as soon as a value needs it. */
	private static Map<String, Object> convert(CommandInfo info, Map<String, ?> values, ConvertService convert) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (Map.Entry<String, ?> e : values.entrySet()) {
			ModuleItem<?> item = info.getInput(e.getKey());
			if (item == null) throw new IllegalArgumentException(info.getTitle() + " has no parameter '" +
				e.getKey() + "'" + suggestion(e.getKey(), names(info)) + "; its parameters are: " + String.join(", ", names(info)));
			Object v = e.getValue();
			if (v instanceof String && item.getType() == File.class) v = ((String) v).isBlank() ? null : new File((String) v);
			if (v instanceof String) v = parseText(e.getKey(), (String) v, item.getType());
			Object c = v == null ? null : direct(v, item.getType());
			if (v != null && c == null && convert == null) return null;
			if (v != null && c == null) c = convert.convert(v, item.getType());
			if (v != null && c == null) throw new IllegalArgumentException(e.getKey() + ": '" + v +
				"' is not a valid " + item.getType().getSimpleName().toLowerCase());
			check(item, c);
			out.put(e.getKey(), c);
		}
		return out;
	}

	/**
	 * The value as the parameter's type without SciJava's converters, or null when they are needed: the
	 * value itself when it has the type, a whole number (checked by {@link #wholeNumber}) or a double as
	 * the narrower type they were parsed for. The converters' first use makes all ~50 of them (30-50 ms
	 * of a one-shot run); what they would return here is the same.
	 */
	private static Object direct(Object v, Class<?> type) {
		Class<?> boxed = boxed(type);
		if (boxed.isInstance(v)) return v;
		if (v instanceof Long && boxed == Integer.class) return ((Long) v).intValue();
		if (v instanceof Long && boxed == Short.class) return ((Long) v).shortValue();
		if (v instanceof Long && boxed == Byte.class) return ((Long) v).byteValue();
		if (v instanceof Double && boxed == Float.class) return ((Double) v).floatValue();
		return null;
	}

	/**
	 * Text for a number or a boolean, parsed strictly: SciJava's converter would quietly turn a typo
	 * into 0 or false.
	 */
	private static Object parseText(String name, String text, Class<?> type) {
		String t = text.trim();
		Class<?> boxed = type.isPrimitive() ? boxed(type) : type;
		if (boxed == Boolean.class) {
			if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) return Boolean.valueOf(t);
			throw new IllegalArgumentException(name + ": '" + text + "' is not true or false");
		}
		if (!Number.class.isAssignableFrom(boxed)) return text;
		double d;
		try {
			d = Double.parseDouble(t);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + ": '" + text + "' is not a valid " + type.getSimpleName().toLowerCase());
		}
		boolean integer = boxed == Integer.class || boxed == Long.class || boxed == Short.class || boxed == Byte.class;
		if (!integer) return d;
		return wholeNumber(name, t, d, boxed);
	}

	/**
	 * A whole number for an integer parameter of type {@code type} (int, long, ...), from its text and
	 * value: fails naming the parameter when it has a fraction or does not fit the type (SciJava would
	 * quietly clamp {@code 1e30} to the largest long).
	 */
	public static long wholeNumber(String name, String text, double value, Class<?> type) {
		Class<?> boxed = type.isPrimitive() ? boxed(type) : type;
		if (Double.isNaN(value) || value != Math.rint(value)) throw new IllegalArgumentException(name + " must be a whole number (got " +
			text + ")");
		long min = boxed == Long.class ? Long.MIN_VALUE : boxed == Short.class ? Short.MIN_VALUE : boxed == Byte.class ? Byte.MIN_VALUE
			: Integer.MIN_VALUE;
		long max = boxed == Long.class ? Long.MAX_VALUE : boxed == Short.class ? Short.MAX_VALUE : boxed == Byte.class ? Byte.MAX_VALUE
			: Integer.MAX_VALUE;
		long exact;
		try {
			// the text itself when it is an integer: a double holds integers exactly only up to 2^53
			exact = Long.parseLong(text.trim().replaceFirst("^\\+", ""));
		}
		catch (NumberFormatException e) {
			if (Math.abs(value) >= 0x1p63) throw outOfRange(name, text, min, max);
			exact = (long) value;
		}
		if (exact < min || exact > max) throw outOfRange(name, text, min, max);
		return exact;
	}

	private static IllegalArgumentException outOfRange(String name, String text, long min, long max) {
		return new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + " (got " + text + ")");
	}

	/** The boxed class of a primitive type; other types as they are. */
	static Class<?> boxed(Class<?> p) {
		if (p == int.class) return Integer.class;
		if (p == long.class) return Long.class;
		if (p == double.class) return Double.class;
		if (p == float.class) return Float.class;
		if (p == boolean.class) return Boolean.class;
		if (p == short.class) return Short.class;
		if (p == byte.class) return Byte.class;
		if (p == char.class) return Character.class;
		return p;
	}

	/** Fails with a message naming the parameter when the value breaks its limits or choices. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static void check(ModuleItem<?> item, Object value) {
		if (value == null) return;
		String name = item.getName();
		if (value instanceof Number && Double.isNaN(((Number) value).doubleValue())) throw new IllegalArgumentException(
			name + " must be a number");
		if (value instanceof Number && Double.isInfinite(((Number) value).doubleValue())) throw new IllegalArgumentException(
			name + " must be a finite number (got " + value + ")");
		Object min = item.getMinimumValue(), max = item.getMaximumValue();
		if (value instanceof Comparable && min != null && min.getClass() == value.getClass() &&
			((Comparable) value).compareTo(min) < 0) throw new IllegalArgumentException(name + " must be at least " +
				min + " (got " + value + ")");
		if (value instanceof Comparable && max != null && max.getClass() == value.getClass() &&
			((Comparable) value).compareTo(max) > 0) throw new IllegalArgumentException(name + " must be at most " +
				max + " (got " + value + ")");
		List<?> choices = item.getChoices();
		if (choices != null && !choices.isEmpty() && !choices.contains(value)) throw new IllegalArgumentException(
			name + " must be one of " + choices + " (got '" + value + "')");
	}

	/**
	 * Runs a command by label ("Find Stars") in the calling thread and returns its outputs by name:
	 * the way to chain commands in memory, as the night pipeline does. Inputs are objects (an
	 * {@link AstroImage} for an image) or text as a macro or the command line gives it ("5", "median",
	 * "true"); they are converted and checked like the command line's, and the others keep their
	 * defaults. Nothing is shown or written unless the inputs ask for files.
	 * <pre>
	 * AstroImage frame = (AstroImage) Commands.run(context, "Open FITS", Map.of("path", "red.fits")).get("image");
	 * AstroImage clean = (AstroImage) Commands.run(context, "Remove Cosmic Rays", Map.of("image", frame)).get("cleaned");
	 * Table stars = (Table) Commands.run(context, "Find Stars", Map.of("image", clean, "k", "5")).get("table");
	 * </pre>
	 */
	public static Map<String, Object> run(Context context, String label, Map<String, ?> inputs) {
		CommandInfo info = find(context.service(CommandService.class), label);
		return outputs(run(context, info, convert(context, info, inputs)));
	}

	/**
	 * Runs a command in the calling thread with the given (converted) inputs; the others keep their
	 * defaults. A failure is rethrown with the command's own message (the root cause).
	 */
	public static Module run(Context context, CommandInfo info, Map<String, ?> inputs) {
		Module module = prepare(context, info, inputs);
		try {
			for (ModuleItem<?> item : parameters(info)) {
				if (item.isRequired() && !isImage(item) && module.getInput(item.getName()) == null) throw new IllegalArgumentException(
					info.getTitle() + ": " + item.getName() + " is required");
			}
			module.run();
			return module;
		}
		catch (RuntimeException e) {
			throw rootCause(e);
		}
		catch (Exception e) {
			throw rootCause(e);
		}
	}

	/**
	 * A new instance of the command, initialized, with the given (converted) inputs set and the others
	 * at their defaults, not run: what {@link #run} runs, and what a dialog preview asks for a preview.
	 */
	public static Module prepare(Context context, CommandInfo info, Map<String, ?> inputs) {
		Module module = createModule(context, info);
		try {
			module.initialize();
			for (Map.Entry<String, ?> e : inputs.entrySet()) {
				module.setInput(e.getKey(), e.getValue());
				module.resolveInput(e.getKey());
			}
			return module;
		}
		catch (RuntimeException e) {
			throw rootCause(e);
		}
		catch (Exception e) {
			throw rootCause(e);
		}
	}

	/**
	 * A new instance of the command with the context's services injected: by the context's
	 * {@link ModuleService}, or, in a context without one (the lean one of {@code astro run}), by setting
	 * the command's service and context parameters as inputs. {@code Context.inject} would also look
	 * through every method of the command's classes, up to {@code Object}, for event handlers, which a
	 * context without an EventService has no use for (the JDK makes an annotation class for each kind
	 * of annotation it meets on the way: ~15 ms of a one-shot run).
	 */
	@SuppressWarnings("unchecked")
	private static Module createModule(Context context, CommandInfo info) {
		ModuleService modules = context.getService(ModuleService.class);
		if (modules != null) return modules.createModule(info);
		try {
			Module module = info.createModule();
			for (ModuleItem<?> item : info.inputs()) {
				Class<?> t = item.getType();
				if (Context.class.isAssignableFrom(t)) module.setInput(item.getName(), context);
				if (!Service.class.isAssignableFrom(t)) continue;
				Service service = context.getService((Class<? extends Service>) t);
				if (service == null && item.isRequired()) throw new IllegalArgumentException(info.getTitle() + " needs the " +
					t.getName() + ", which this context does not have");
				module.setInput(item.getName(), service);
			}
			return module;
		}
		catch (ModuleException e) {
			throw rootCause(e);
		}
	}

	/** The exception that says what went wrong, unwrapped from reflection and execution layers. */
	public static RuntimeException rootCause(Throwable t) {
		Throwable c = t;
		// wrappers that add nothing: reflection, futures, SciJava's "Module threw exception", bare re-throws
		while (c.getCause() != null && (c instanceof InvocationTargetException || c instanceof ExecutionException ||
			c.getClass() == RuntimeException.class || c.getMessage() == null || c.getMessage().equals(c.getCause().toString())))
		{
			c = c.getCause();
		}
		if (c instanceof RuntimeException) return (RuntimeException) c;
		return new IllegalStateException(c.getMessage() == null ? c.toString() : c.getMessage(), c);
	}

	/** The outputs a caller shows or prints (in declaration order). */
	public static Map<String, Object> outputs(Module module) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (ModuleItem<?> item : module.getInfo().outputs()) {
			if (item.getIOType() == ItemIO.OUTPUT) out.put(item.getName(), module.getOutput(item.getName()));
		}
		return out;
	}

	/** "; did you mean 'k'?" for the known name closest to a misspelt one (by edit distance), or "". */
	public static String suggestion(String given, List<String> known) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		String g = given.toLowerCase(java.util.Locale.ROOT);
		for (String k : known) {
			int d = distance(g, k.toLowerCase(java.util.Locale.ROOT));
			if (d < bestDistance) {
				bestDistance = d;
				best = k;
			}
		}
		// a suggestion must be closer than a guess: at most a third of the word changed
		return best != null && bestDistance <= Math.max(1, given.length() / 3) ? "; did you mean '" + best + "'?" : "";
	}

	/** Levenshtein distance. */
	private static int distance(String a, String b) {
		int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) prev[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
			}
			int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[b.length()];
	}

	private static List<String> names(CommandInfo info) {
		List<String> names = new ArrayList<>();
		for (ModuleItem<?> item : parameters(info)) names.add(item.getName());
		return names;
	}
}
