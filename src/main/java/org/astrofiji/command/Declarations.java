package org.astrofiji.command;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.SciJavaPlugin;

/**
 * A command's {@code @Plugin}, {@code @Parameter} and {@code @InheritedAfter} values as the build
 * copied them from its annotations ({@link DeclarationsProcessor}), read without reflecting over the
 * annotations: in a fresh JVM the JDK generates a proxy class for each annotation type it reads
 * (interpreted, ~15-25 ms each), the largest part of a one-shot {@code astro run}'s own start-up.
 * The values come as objects of the annotation types, equal to the annotations
 * ({@code DeclarationsTest} compares every command's). A class the build wrote nothing for (an IDE
 * build without the processor, a command of another project) has none: callers then read the
 * annotations ({@link #plugin(Class)}, {@link Commands#declared(Class)}).
 */
public final class Declarations {

	/** Where the build writes them, beside the classes: this plus the class name. */
	static final String RESOURCE = "META-INF/astrofiji/declarations/";

	/** A {@code @Parameter} field with the annotation's values. */
	public static final class Declared {
		public final Field field;
		public final Parameter parameter;

		Declared(Field field, Parameter parameter) {
			this.field = field;
			this.parameter = parameter;
		}
	}

	private static final ClassValue<Optional<Declarations>> CACHE = new ClassValue<>() {

		@Override
		protected Optional<Declarations> computeValue(Class<?> type) {
			return Optional.ofNullable(read(type));
		}
	};

	private final Plugin plugin;
	/** Every {@code @Parameter} field of the class and its superclasses, in SciJava's order (superclasses first). */
	private final List<Declared> fields;
	private final Map<String, String> inheritedAfter;

	private Declarations(Plugin plugin, List<Declared> fields, Map<String, String> inheritedAfter) {
		this.plugin = plugin;
		this.fields = Collections.unmodifiableList(fields);
		this.inheritedAfter = inheritedAfter;
	}

	/** The build's declarations of this command class, or null when it wrote none. */
	public static Declarations of(Class<?> c) {
		return CACHE.get(c).orElse(null);
	}

	/** The class's {@code @Plugin}: from its declarations, else its annotation (null when it has none). */
	public static Plugin plugin(Class<?> c) {
		Declarations d = of(c);
		return d != null ? d.plugin : c.getAnnotation(Plugin.class);
	}

	/** The command's {@code @Plugin}. */
	public Plugin plugin() {
		return plugin;
	}

	/** Every {@code @Parameter} field of the command class and its superclasses, in SciJava's order. */
	public List<Declared> fields() {
		return fields;
	}

	/** The fields of {@code c}'s own {@code @Parameter}s, in their order. */
	List<Declared> own(Class<?> c) {
		List<Declared> own = new ArrayList<>();
		for (Declared d : fields) if (d.field.getDeclaringClass() == c) own.add(d);
		return own;
	}

	/** The {@code @InheritedAfter} value of the command class or one of its superclasses, or null. */
	String inheritedAfter(Class<?> c) {
		return inheritedAfter.get(c.getName());
	}

	/** A resource of the jar or classes folder of this class, found from its location (no class path search); null if absent. */
	public static String resource(Class<?> beside, String name) {
		try {
			CodeSource source = beside.getProtectionDomain().getCodeSource();
			if (source == null || source.getLocation() == null) return null;
			URL location = source.getLocation();
			if (location.toString().endsWith("/")) { // a classes folder (tests, IDEs)
				Path p = Paths.get(location.toURI()).resolve(name);
				return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
			}
			try (InputStream in = new URL("jar:" + location + "!/" + name).openStream()) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		catch (IOException | URISyntaxException | IllegalArgumentException | SecurityException e) {
			return null;
		}
	}

	/** The declarations the build wrote for {@code c}, or null (none, or they no longer match the class). */
	private static Declarations read(Class<?> c) {
		String text = resource(c, RESOURCE + c.getName());
		if (text == null) return null;
		try {
			Map<String, String> p = parse(text);
			Plugin plugin = new DeclaredPlugin(new Values(p, "plugin", "default.plugin"), c.getClassLoader());
			int n = Integer.parseInt(p.get("fields"));
			List<Declared> fields = new ArrayList<>(n);
			Map<String, Class<?>> chain = new HashMap<>();
			Map<String, String> after = new HashMap<>();
			for (Class<?> s = c; s != null; s = s.getSuperclass()) {
				chain.put(s.getName(), s);
				if (!sameFields(s, p.get("fieldsOf." + s.getName()))) return null;
				String a = p.get("inheritedAfter." + s.getName());
				if (a != null) after.put(s.getName(), a);
			}
			for (int i = 0; i < n; i++) {
				Class<?> owner = chain.get(p.get("field." + i + ".class"));
				if (owner == null) return null;
				fields.add(new Declared(owner.getDeclaredField(p.get("field." + i + ".name")), new DeclaredParameter(new Values(p, "field." +
					i, "default.field"))));
			}
			return new Declarations(plugin, fields, after);
		}
		catch (RuntimeException | NoSuchFieldException | ClassNotFoundException e) {
			return null; // the annotations say it
		}
	}

	/** The {@code key=value} lines {@link DeclarationsProcessor} writes (a backslash and line ends escaped in values). */
	private static Map<String, String> parse(String text) {
		Map<String, String> map = new HashMap<>();
		for (int start = 0, end; start < text.length(); start = end + 1) {
			end = text.indexOf('\n', start);
			if (end < 0) end = text.length();
			if (text.charAt(start) == '#') continue;
			int eq = text.indexOf('=', start);
			if (eq < 0 || eq > end) throw new IllegalStateException("not key=value: " + text.substring(start, end));
			String v = text.substring(eq + 1, end);
			map.put(text.substring(start, eq), v.indexOf('\\') < 0 ? v : unescape(v));
		}
		return map;
	}

	private static String unescape(String v) {
		StringBuilder sb = new StringBuilder(v.length());
		for (int i = 0; i < v.length(); i++) {
			char ch = v.charAt(i);
			if (ch == '\\' && i + 1 < v.length()) {
				char e = v.charAt(++i);
				sb.append(e == 'n' ? '\n' : e == 'r' ? '\r' : e);
			}
			else sb.append(ch);
		}
		return sb.toString();
	}

	/**
	 * True when the class declares the fields the build saw (names, synthetic ones aside): a class
	 * compiled since without the processor (an IDE's build into the same folder) is read by its annotations.
	 */
	private static boolean sameFields(Class<?> c, String declared) {
		if (declared == null) return false;
		List<String> names = new ArrayList<>();
		for (Field f : c.getDeclaredFields()) if (!f.isSynthetic()) names.add(f.getName());
		List<String> seen = declared.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(declared.split(",")));
		Collections.sort(names);
		Collections.sort(seen);
		return names.equals(seen);
	}

	/**
	 * The values of one annotation: {@code prefix.member=value}, arrays as {@code .length} and {@code .i},
	 * and for a member the annotation does not give, its default ({@code defaults.member}).
	 */
	private static final class Values {
		final Map<String, String> p;
		final String prefix, defaults;

		Values(Map<String, String> p, String prefix, String defaults) {
			this.p = p;
			this.prefix = prefix;
			this.defaults = defaults;
		}

		String text(String member) {
			String v = p.get(prefix + "." + member);
			if (v == null) v = p.get(defaults + "." + member);
			if (v == null) throw new IllegalStateException("no " + prefix + "." + member);
			return v;
		}

		boolean bool(String member) {
			return Boolean.parseBoolean(text(member));
		}

		int length(String member) {
			return Integer.parseInt(text(member + ".length"));
		}

		Values element(String member, int i) {
			return new Values(p, prefix + "." + member + "." + i, defaults + "." + member + "." + i);
		}

		String[] texts(String member) {
			String[] a = new String[length(member)];
			for (int i = 0; i < a.length; i++) a[i] = text(member + "." + i);
			return a;
		}

		Attr[] attrs() {
			Attr[] a = new Attr[length("attrs")];
			for (int i = 0; i < a.length; i++) a[i] = new DeclaredAttr(element("attrs", i));
			return a;
		}
	}

	// the annotations' values as objects of their types: members as the annotations have them

	private static final class DeclaredPlugin implements Plugin {
		private final Class<? extends SciJavaPlugin> type;
		private final String name, label, description, menuPath, menuRoot, iconPath, selectionGroup, initializer;
		private final Menu[] menu;
		private final double priority;
		private final boolean selectable, enabled, visible, headless;
		private final Attr[] attrs;

		DeclaredPlugin(Values v, ClassLoader loader) throws ClassNotFoundException {
			type = Class.forName(v.text("type"), false, loader).asSubclass(SciJavaPlugin.class);
			name = v.text("name");
			label = v.text("label");
			description = v.text("description");
			menuPath = v.text("menuPath");
			menu = new Menu[v.length("menu")];
			for (int i = 0; i < menu.length; i++) menu[i] = new DeclaredMenu(v.element("menu", i));
			menuRoot = v.text("menuRoot");
			iconPath = v.text("iconPath");
			priority = Double.parseDouble(v.text("priority"));
			selectable = v.bool("selectable");
			selectionGroup = v.text("selectionGroup");
			enabled = v.bool("enabled");
			visible = v.bool("visible");
			headless = v.bool("headless");
			initializer = v.text("initializer");
			attrs = v.attrs();
		}

		@Override
		public Class<? extends Annotation> annotationType() {
			return Plugin.class;
		}

		@Override
		public Class<? extends SciJavaPlugin> type() {
			return type;
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public String label() {
			return label;
		}

		@Override
		public String description() {
			return description;
		}

		@Override
		public String menuPath() {
			return menuPath;
		}

		@Override
		public Menu[] menu() {
			return menu.clone();
		}

		@Override
		public String menuRoot() {
			return menuRoot;
		}

		@Override
		public String iconPath() {
			return iconPath;
		}

		@Override
		public double priority() {
			return priority;
		}

		@Override
		public boolean selectable() {
			return selectable;
		}

		@Override
		public String selectionGroup() {
			return selectionGroup;
		}

		@Override
		public boolean enabled() {
			return enabled;
		}

		@Override
		public boolean visible() {
			return visible;
		}

		@Override
		public boolean headless() {
			return headless;
		}

		@Override
		public String initializer() {
			return initializer;
		}

		@Override
		public Attr[] attrs() {
			return attrs.clone();
		}
	}

	private static final class DeclaredParameter implements Parameter {
		private final String label, description, persistKey, initializer, validater, callback, style, min, max, stepSize;
		private final ItemIO type;
		private final ItemVisibility visibility;
		private final boolean autoFill, required, persist;
		private final String[] choices;
		private final Attr[] attrs;
		private final int columns;

		DeclaredParameter(Values v) {
			label = v.text("label");
			description = v.text("description");
			type = ItemIO.valueOf(v.text("type"));
			visibility = ItemVisibility.valueOf(v.text("visibility"));
			autoFill = v.bool("autoFill");
			required = v.bool("required");
			persist = v.bool("persist");
			persistKey = v.text("persistKey");
			initializer = v.text("initializer");
			validater = v.text("validater");
			callback = v.text("callback");
			style = v.text("style");
			min = v.text("min");
			max = v.text("max");
			stepSize = v.text("stepSize");
			choices = v.texts("choices");
			attrs = v.attrs();
			columns = Integer.parseInt(v.text("columns"));
		}

		@Override
		public Class<? extends Annotation> annotationType() {
			return Parameter.class;
		}

		@Override
		public String label() {
			return label;
		}

		@Override
		public String description() {
			return description;
		}

		@Override
		public ItemIO type() {
			return type;
		}

		@Override
		public ItemVisibility visibility() {
			return visibility;
		}

		@Override
		public boolean autoFill() {
			return autoFill;
		}

		@Override
		public boolean required() {
			return required;
		}

		@Override
		public boolean persist() {
			return persist;
		}

		@Override
		public String persistKey() {
			return persistKey;
		}

		@Override
		public String initializer() {
			return initializer;
		}

		@Override
		public String validater() {
			return validater;
		}

		@Override
		public String callback() {
			return callback;
		}

		@Override
		public String style() {
			return style;
		}

		@Override
		public String min() {
			return min;
		}

		@Override
		public String max() {
			return max;
		}

		@Override
		public String stepSize() {
			return stepSize;
		}

		@Override
		public String[] choices() {
			return choices.clone();
		}

		@Override
		public Attr[] attrs() {
			return attrs.clone();
		}

		@Override
		public int columns() {
			return columns;
		}
	}

	private static final class DeclaredAttr implements Attr {
		private final String name, value;

		DeclaredAttr(Values v) {
			name = v.text("name");
			value = v.text("value");
		}

		@Override
		public Class<? extends Annotation> annotationType() {
			return Attr.class;
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public String value() {
			return value;
		}
	}

	private static final class DeclaredMenu implements Menu {
		private final String label, accelerator, iconPath;
		private final double weight;
		private final char mnemonic;

		DeclaredMenu(Values v) {
			label = v.text("label");
			weight = Double.parseDouble(v.text("weight"));
			String m = v.text("mnemonic");
			mnemonic = m.isEmpty() ? '\0' : m.charAt(0);
			accelerator = v.text("accelerator");
			iconPath = v.text("iconPath");
		}

		@Override
		public Class<? extends Annotation> annotationType() {
			return Menu.class;
		}

		@Override
		public String label() {
			return label;
		}

		@Override
		public double weight() {
			return weight;
		}

		@Override
		public char mnemonic() {
			return mnemonic;
		}

		@Override
		public String accelerator() {
			return accelerator;
		}

		@Override
		public String iconPath() {
			return iconPath;
		}
	}
}
