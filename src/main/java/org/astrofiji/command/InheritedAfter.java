package org.astrofiji.command;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Places a command's inherited parameters (a group declared once in a base class, such as the
 * combination parameters of {@link CombiningCommand}) right after the command's own parameter of this
 * name, in every dialog, help text, docs key table and HISTORY line ({@link Commands#parameters}). Without
 * it they come first, as SciJava lists superclass fields.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface InheritedAfter {

	/** The command's own parameter the inherited ones follow. */
	String value();
}
