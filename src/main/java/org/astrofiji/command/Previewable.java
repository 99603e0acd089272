package org.astrofiji.command;

import net.imglib2.RandomAccessibleInterval;

/**
 * A command that can show a quick look at its result while its dialog is open. The ImageJ 1 bridge
 * detects it: in an interactive dialog (not in a macro, not headless) it adds a "preview" checkbox,
 * and while that is ticked it sets the current dialog values on a fresh instance of the command and
 * shows what {@link #preview} returns in a preview window, updated as the user edits the fields.
 * Nothing is written and nothing is recorded; the real run happens on OK.
 */
public interface Previewable {

	/**
	 * The result for the inputs and parameter values set on this command, computed quickly enough to
	 * follow typing: on a reduced copy of large inputs, at most about {@code maxSize} pixels on a side.
	 * Writes no files. A real-valued or an ARGB colour image.
	 */
	RandomAccessibleInterval<?> preview(int maxSize) throws Exception;
}
