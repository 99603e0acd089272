package org.astrofiji.command;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.ValidityProblem;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandModuleItem;
import org.scijava.module.Module;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.service.Service;
import org.scijava.util.ClassUtils;

/**
 * A command's {@link CommandInfo} made from its build-time {@link Declarations} instead of its
 * annotations, for the lean context of {@code astro run} and {@code astro help}: the same items (names,
 * types, limits, choices, ...; {@code DeclarationsTest} compares them with SciJava's for every command),
 * without the annotation proxies, SciJava's generic-type resolution or its converters (which made the
 * typed limits and choices and set each primitive field). Its modules set the fields by reflection.
 * Fiji, the ImageJ bridge and the full command context keep SciJava's own {@link CommandInfo}.
 */
public final class DeclaredCommandInfo extends CommandInfo {

	private final Map<String, ModuleItem<?>> inputMap = new HashMap<>(), outputMap = new HashMap<>();
	private final List<ModuleItem<?>> inputList = new ArrayList<>(), outputList = new ArrayList<>();

	private DeclaredCommandInfo(Class<? extends Command> c, Declarations d) {
		super(c, d.plugin());
	}

	/**
	 * The command's info from its declarations, or null when it has none, or when SciJava would find a
	 * problem in them (a final or duplicate parameter, ...): {@code new CommandInfo(c)} reports it.
	 */
	public static CommandInfo of(Class<? extends Command> c) {
		Declarations d = Declarations.of(c);
		if (d == null || Modifier.isAbstract(c.getModifiers())) return null;
		DeclaredCommandInfo info = new DeclaredCommandInfo(c, d);
		// as CommandInfo.checkFields makes its items
		for (Declarations.Declared f : d.fields()) {
			Parameter p = f.parameter;
			String name = f.field.getName();
			if (Modifier.isFinal(f.field.getModifiers()) && p.visibility() != ItemVisibility.MESSAGE) return null;
			if ((info.inputMap.containsKey(name) || info.outputMap.containsKey(name)) && !Service.class.isAssignableFrom(f.field
				.getType())) return null;
			if (p.type() == ItemIO.BOTH && immutable(f.field.getType())) return null;
			f.field.setAccessible(true);
			Item<Object> item = new Item<>(info, f.field, p);
			if (item.isInput()) {
				info.inputMap.put(name, item);
				info.inputList.add(item);
			}
			if (item.isOutput()) {
				info.outputMap.put(name, item);
				info.outputList.add(item);
			}
		}
		return info;
	}

	private static boolean immutable(Class<?> t) {
		Class<?> b = Commands.boxed(t);
		return Number.class.isAssignableFrom(b) || b == String.class || b == Character.class || b == Boolean.class;
	}

	@Override
	public CommandModuleItem<?> getInput(String name) {
		return (CommandModuleItem<?>) inputMap.get(name);
	}

	@Override
	public CommandModuleItem<?> getOutput(String name) {
		return (CommandModuleItem<?>) outputMap.get(name);
	}

	@Override
	public Iterable<ModuleItem<?>> inputs() {
		return Collections.unmodifiableList(inputList);
	}

	@Override
	public Iterable<ModuleItem<?>> outputs() {
		return Collections.unmodifiableList(outputList);
	}

	@Override
	public boolean isValid() {
		return true;
	}

	@Override
	public List<ValidityProblem> getProblems() {
		return Collections.emptyList();
	}

	@Override
	public Module createModule() throws ModuleException {
		return new DeclaredModule(this);
	}

	/** A parameter of a declared command: the declared values, typed as SciJava types them. */
	private static final class Item<T> extends CommandModuleItem<T> {

		private final Parameter parameter;

		Item(DeclaredCommandInfo info, Field field, Parameter parameter) {
			super(info, field);
			this.parameter = parameter;
		}

		@Override
		public Parameter getParameter() {
			return parameter;
		}

		@Override
		@SuppressWarnings("unchecked")
		public Class<T> getType() {
			// a field of a class or parameterized type is that class; a type variable is SciJava's to resolve
			java.lang.reflect.Type t = getField().getGenericType();
			return t instanceof Class || t instanceof ParameterizedType ? (Class<T>) getField().getType() : super.getType();
		}

		@Override
		public T getMinimumValue() {
			return typed(parameter.min());
		}

		@Override
		public T getMaximumValue() {
			return typed(parameter.max());
		}

		@Override
		public List<T> getChoices() {
			String[] choices = parameter.choices();
			if (choices.length == 0) return super.getChoices();
			List<T> list = new ArrayList<>();
			for (String c : choices) list.add(typed(c));
			return list;
		}

		/**
		 * A limit or choice as the parameter's boxed type, as SciJava's converters make it for text, a
		 * file and a number written plainly; anything else is theirs to convert.
		 */
		@SuppressWarnings("unchecked")
		private T typed(String text) {
			if (text == null || text.isEmpty()) return null;
			Class<?> b = Commands.boxed(getType());
			try {
				if (b == String.class) return (T) text;
				if (b == Double.class) return (T) Double.valueOf(text);
				if (b == Float.class) return (T) Float.valueOf(text);
				if (b == Integer.class) return (T) Integer.valueOf(text);
				if (b == Long.class) return (T) Long.valueOf(text);
			}
			catch (NumberFormatException e) {
				// SciJava's converters decide
			}
			return (T) convertedBySciJava(text, b);
		}

		@SuppressWarnings("deprecation")
		private static Object convertedBySciJava(String text, Class<?> type) {
			return org.scijava.util.ConversionUtils.convert(text, type);
		}
	}

	/** The module: fields set by reflection (SciJava's ClassUtils converts whenever the field is primitive). */
	private static final class DeclaredModule extends CommandModule {

		private final DeclaredCommandInfo info;

		DeclaredModule(DeclaredCommandInfo info) throws ModuleException {
			super(info);
			this.info = info;
		}

		@Override
		public void setInput(String name, Object value) {
			CommandModuleItem<?> item = info.getInput(name);
			if (item == null) throw new IllegalArgumentException("No such input: " + name);
			set(item.getField(), value);
		}

		@Override
		public void setOutput(String name, Object value) {
			CommandModuleItem<?> item = info.getOutput(name);
			if (item == null) throw new IllegalArgumentException("No such output: " + name);
			set(item.getField(), value);
		}

		private void set(Field f, Object value) {
			if (value == null || !Commands.boxed(f.getType()).isInstance(value)) {
				ClassUtils.setValue(f, getDelegateObject(), value); // what SciJava does with it
				return;
			}
			try {
				f.set(getDelegateObject(), value);
			}
			catch (IllegalAccessException e) {
				throw new IllegalArgumentException("No access to field: " + f.getName(), e);
			}
		}
	}
}
