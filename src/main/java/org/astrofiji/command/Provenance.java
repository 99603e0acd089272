package org.astrofiji.command;

import java.io.File;
import java.lang.reflect.Field;
import java.util.Locale;
import java.util.Set;

import net.imglib2.RandomAccessibleInterval;

import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.SciJavaPlugin;
import org.scijava.service.Service;

import org.astrofiji.core.Version;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;

/**
 * The HISTORY line every output carries: software, command label and every parameter value, e.g.
 * {@code Astro Fiji 0.1.0 Save FITS: bitpix=16}. Built from the command's own {@code @Parameter}
 * fields, so it can never disagree with what ran.
 */
public final class Provenance {

	/**
	 * Parameters that do not change the result: where it goes, and which of its parts a run makes
	 * (Master Calibration's {@code products}: the parts of a night made in several runs carry the same
	 * line as the whole run's).
	 */
	private static final Set<String> SKIP = Set.of("output", "overwrite", "products");

	private Provenance() {}

	/** The history line of a command object after its parameters are set. */
	public static String of(Object command) {
		Plugin plugin = Declarations.plugin(command.getClass());
		String label = plugin != null && !plugin.label().isEmpty() ? plugin.label() : command.getClass().getSimpleName();
		StringBuilder sb = new StringBuilder(Version.software()).append(' ').append(label).append(':');
		for (Declarations.Declared d : Commands.declared(command.getClass())) {
			Field f = d.field;
			Parameter p = d.parameter;
			if (SKIP.contains(f.getName()) || p.type() == ItemIO.OUTPUT || p.visibility() == ItemVisibility.INVISIBLE ||
				p.visibility() == ItemVisibility.MESSAGE || !isValue(f.getType())) continue;
			try {
				f.setAccessible(true);
				Object v = f.get(command);
				if (v == null) continue;
				sb.append(' ').append(f.getName()).append('=').append(format(v));
			}
			catch (IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}
		return sb.toString();
	}

	/** Formats a value as a macro would write it: 3 not 3.0, files by name, text with spaces in []. */
	public static String format(Object v) {
		if (v instanceof Double || v instanceof Float) {
			double d = ((Number) v).doubleValue();
			if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
			String s = String.valueOf(d);
			return s.toLowerCase(Locale.ROOT);
		}
		String s = v instanceof File ? ((File) v).getName() : v.toString();
		return s.contains(" ") || s.isEmpty() ? "[" + s + "]" : s;
	}

	private static boolean isValue(Class<?> t) {
		return !(Service.class.isAssignableFrom(t) || Context.class.isAssignableFrom(t) ||
			SciJavaPlugin.class.isAssignableFrom(t) || RandomAccessibleInterval.class.isAssignableFrom(t) ||
			FitsHeader.class.isAssignableFrom(t) || AstroImage.class.isAssignableFrom(t));
	}
}
