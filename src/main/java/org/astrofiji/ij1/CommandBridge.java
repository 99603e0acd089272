package org.astrofiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import java.awt.Checkbox;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.widget.FileWidget;

import org.astrofiji.command.Commands;
import org.astrofiji.command.DefaultImages;
import org.astrofiji.command.Previewable;
import org.astrofiji.command.Provenance;
import org.astrofiji.core.Marks;
import org.astrofiji.core.Plot;
import org.astrofiji.core.Table;
import org.astrofiji.core.image.AstroImage;
import org.astrofiji.core.image.FitsHeader;

/**
 * The one ImageJ 1 entry point of every Astro Fiji command. {@code plugins.config} lists it once per
 * command with the command's class name as argument; it builds the GenericDialog from the command's
 * parameters (so macro keys are the parameter names, and recording, batch mode and Fiji's headless
 * mode come from GenericDialog), wraps the images without copying, runs the command, and shows what it
 * returns: images (real-valued, or ARGB colour images as RGB; with their FITS header as Info), tables, text.
 * <p>
 * Dialog rules: one image input is the active image; several are chosen by title. A parameter marked
 * as an alternative to an image (a FITS file for headless runs) is asked for only when no image is
 * open, and not at all for an image chosen by title. Booleans follow ImageJ's convention: in a macro,
 * the key present means true. A {@link Previewable} command's interactive dialog gets a "preview"
 * checkbox that shows its preview live while the fields are edited ({@link DialogPreview}).
 * A command that declares an invisible input named {@code roi} receives the active image's area
 * selection as an 8-bit mask (255 inside), so a selection drawn or made by a macro (makeRectangle)
 * can limit it; one that declares an invisible {@link Table} input named {@code points} receives the
 * positions marked on that image (or the active image): its point selection, else the ROI Manager's
 * entries, as columns id, x, y in FITS pixels ({@link MarkedPoints}).
 */
public class CommandBridge implements PlugIn {

	@Override
	public void run(String commandClass) {
		Context context;
		CommandInfo info;
		try {
			context = AstroContext.get();
			info = Commands.find(context.service(CommandService.class), commandClass);
		}
		catch (RuntimeException e) {
			fail("Astro Fiji", e);
			return;
		}
		String title = info.getTitle();
		try {
			Invocation inv = new Invocation(context, info);
			if (!inv.ask()) return;
			Module module = Commands.run(context, info, inv.values);
			inv.show(module);
			IJ.showStatus(title + " done");
		}
		catch (RuntimeException | OutOfMemoryError e) {
			fail(title, e);
		}
		finally {
			IJ.showProgress(1.0);
		}
	}

	private static void fail(String title, Throwable e) {
		String msg = e instanceof OutOfMemoryError ? "out of memory: " + e.getMessage() +
			" (Edit > Options > Memory & Threads)" : Commands.rootCause(e).getMessage();
		if (msg == null) msg = e.toString();
		boolean inMacro = IJ.isMacro() || Macro.getOptions() != null;
		IJ.log(title + ": " + msg);
		if (Boolean.getBoolean("astrofiji.debug") || IJ.debugMode) IJ.handleException(e);
		// headless, IJ.error prints and marks the macro as failed; with a display but no ImageJ window
		// (ImageJ -batch) it would show a dialog that waits for a click nobody makes: the log says it there
		if (GraphicsEnvironment.isHeadless() || IJ.getInstance() != null) IJ.error("Astro Fiji: " + title, wrap(msg, 90));
		// stop the calling macro the way ImageJ's own commands do, so batch runs see the failure
		if (inMacro) throw new RuntimeException(Macro.MACRO_CANCELED);
	}

	/** Text broken into lines of at most {@code width} characters at spaces, for a dialog that fits the screen. */
	static String wrap(String text, int width) {
		StringBuilder out = new StringBuilder();
		for (String para : text.split("\n", -1)) {
			int col = 0;
			for (String word : para.split(" ")) {
				if (col > 0 && col + 1 + word.length() > width) {
					out.append('\n');
					col = 0;
				}
				else if (col > 0) {
					out.append(' ');
					col++;
				}
				out.append(word);
				col += word.length();
			}
			out.append('\n');
		}
		return out.toString().trim();
	}

	/** One run of a command: its dialog, its inputs and the images they came from. */
	private static final class Invocation {

		final Context context;
		final CommandInfo info;
		final Map<String, Object> values = new LinkedHashMap<>();
		final Map<String, ImagePlus> images = new LinkedHashMap<>();
		final List<ModuleItem<?>> asked = new ArrayList<>();
		ImagePlus primary;

		Invocation(Context context, CommandInfo info) {
			this.context = context;
			this.info = info;
		}

		/** Builds and shows (or, in a macro, reads) the dialog; false when cancelled. */
		boolean ask() {
			List<ModuleItem<?>> params = Commands.parameters(info);
			List<ModuleItem<?>> imageItems = new ArrayList<>();
			for (ModuleItem<?> item : params) if (Commands.isImage(item)) imageItems.add(item);
			String[] titles = openTitles();
			// one image input is the active image, unless the command lets the user choose it (or none)
			ModuleItem<?> implicit = imageItems.size() == 1 && !chosen(imageItems.get(0)) ? imageItems.get(0) : null;
			if (implicit != null) {
				ImagePlus imp = WindowManager.getCurrentImage();
				if (imp == null && implicit.isRequired()) throw new IllegalArgumentException("no image is open; " +
					info.getTitle() + " works on the active image");
				// a macro that names the image's file alternative (input=...) means that file, not the active image
				if (imp != null && !macroGivesAlternativeTo(params, implicit.getName())) images.put(implicit.getName(), imp);
			}
			Map<String, Object> defaults = Commands.defaults(context, info);
			GenericDialog gd = new GenericDialog(info.getTitle());
			StringBuilder help = new StringBuilder("<html><h3>" + info.getTitle() + "</h3><p>" +
				nonNull(info.getDescription()) + "</p><table>");
			String heading = null;
			int[] proposed = imageItems.size() > 1 ? proposedImages(titles) : null;
			boolean macro = Macro.getOptions() != null;
			int imageIndex = 0;
			for (Object entry : layout(params)) {
				if (entry instanceof String) {
					heading = (String) entry;
					continue;
				}
				ModuleItem<?> item = (ModuleItem<?>) entry;
				String key = item.getName();
				Object def = defaults.get(key);
				if (Commands.isImage(item)) {
					if (item == implicit) continue;
					// a macro that gives the image's file alternative (red_input=...) means that file: no choice is read
					if (macroGivesAlternativeTo(params, key)) continue;
					if (titles.length == 0 && item.isRequired()) throw new IllegalArgumentException(info.getTitle() + " needs open images");
					String[] choices = item.isRequired() ? titles : prepend("none", titles);
					int n = imageIndex++;
					int index = proposed == null || n >= proposed.length ? n : proposed[n];
					ImagePlus active = WindowManager.getCurrentImage();
					// without a proposal, an optional first image is the active one (as with one image input) and a
					// later optional one (a third band) is left out unless chosen
					String choice = chosen(item) ? chosenDefault(params, item)
						: item.isRequired() || proposed != null ? choices[Math.min(index + (item.isRequired() ? 0 : 1), choices.length - 1)]
						: item == imageItems.get(0) && active != null ? active.getTitle() : "none";
					if (heading != null) gd.addMessage(heading, HEADING_FONT);
					heading = null;
					gd.addChoice(key, choices, choice);
				}
				else {
					// a file alternative to an image is asked for only when that image is not: with one image
					// input, when no image is open; with several, never (they are chosen by title). A macro's
					// options are always read, so a macro can give the file instead
					String alt = (String) item.get(Commands.ALTERNATIVE_TO);
					if (!macro && alt != null && (images.containsKey(alt) || imageItems.size() > 1 && isImageItem(imageItems, alt))) continue;
					if (heading != null) gd.addMessage(heading, HEADING_FONT);
					heading = null;
					addField(gd, item, def);
				}
				asked.add(item);
				help.append("<tr><td><b>").append(key).append("</b></td><td>").append(nonNull(item.getDescription()))
					.append("</td></tr>");
			}
			if (asked.isEmpty() && Macro.getOptions() == null) gd.addMessage("This command has no parameters.");
			DialogPreview preview = null;
			if (Macro.getOptions() == null && !GraphicsEnvironment.isHeadless() && previewable(info)) {
				// not a parameter: not in 'asked', never read with getNextBoolean, so never recorded
				gd.addCheckbox("preview", false);
				Checkbox box = (Checkbox) gd.getCheckboxes().lastElement();
				preview = new DialogPreview(info.getTitle(), box, this::readFields, fields -> {
					Map<String, ImagePlus> imgs = new LinkedHashMap<>(images);
					Map<String, Object> inputs = new LinkedHashMap<>();
					resolve(fields, imgs, inputs);
					Module m = Commands.prepare(context, info, inputs);
					return ((Previewable) m.getDelegateObject()).preview(DialogPreview.SIZE);
				});
				gd.addDialogListener(preview);
			}
			gd.addHelp(help.append("</table></html>").toString());
			checkMacroKeys(params);
			try {
				gd.showDialog();
			}
			finally {
				if (preview != null) preview.close();
			}
			if (gd.wasCanceled()) return false;
			Map<String, Object> raw = readFields(gd);
			if (gd.invalidNumber()) throw new IllegalArgumentException("a numeric field holds no number: " +
				gd.getErrorMessage());
			primary = resolve(raw, images, values);
			return true;
		}

		/**
		 * The dialog's layout: headings (the command's message parameters) and parameters in the order the
		 * command declares them, with the output files and overwrite gathered in a last "Output" section.
		 */
		private List<Object> layout(List<ModuleItem<?>> params) {
			List<Object> main = new ArrayList<>(), out = new ArrayList<>();
			for (ModuleItem<?> item : Commands.ordered(info)) {
				if (item.getVisibility() == ItemVisibility.MESSAGE) {
					Object text = item.getDefaultValue() != null ? item.getDefaultValue() : item.getLabel();
					if (text != null) main.add(text.toString());
				}
				else if (params.contains(item)) (isOutput(item) ? out : main).add(item);
			}
			if (!out.isEmpty()) {
				// overwrite last, below every file it applies to
				out.sort(java.util.Comparator.comparing((Object o) -> ((ModuleItem<?>) o).getName().equals("overwrite")));
				main.add("Output");
				main.addAll(out);
			}
			return main;
		}

		private boolean isOutput(ModuleItem<?> item) {
			String style = item.getWidgetStyle() == null ? "" : item.getWidgetStyle();
			return item.getName().equals("output") || item.getName().equals("overwrite") || style.contains(FileWidget.SAVE_STYLE);
		}

		/** The open images a command proposes for its image inputs ({@link DefaultImages}), or null. */
		private int[] proposedImages(String[] titles) {
			try {
				Object command = info.loadClass().getDeclaredConstructor().newInstance();
				if (!(command instanceof DefaultImages)) return null;
				List<FitsHeader> headers = new ArrayList<>();
				for (String t : titles) headers.add(ImagePlusImgs.header(WindowManager.getImage(t)));
				return ((DefaultImages) command).defaultImages(headers);
			}
			catch (ReflectiveOperationException | org.scijava.InstantiableException | RuntimeException e) {
				return null;
			}
		}

		/** A chosen image's default: the active image when it is a stack and no alternative is given, else none. */
		private String chosenDefault(List<ModuleItem<?>> params, ModuleItem<?> item) {
			ImagePlus imp = WindowManager.getCurrentImage();
			return imp != null && imp.getStackSize() > 1 && !macroGivesAlternativeTo(params, item.getName()) ? imp.getTitle() : "none";
		}

		/** The values of the asked fields, in order (ImageJ records them when it is recording). */
		private Map<String, Object> readFields(GenericDialog gd) {
			Map<String, Object> raw = new LinkedHashMap<>();
			for (ModuleItem<?> item : asked) raw.put(item.getName(), next(gd, item));
			return raw;
		}

		/**
		 * Module inputs from the fields' values: converted and checked values, the chosen images (added
		 * to {@code imgs}) wrapped without copying, and their headers. Returns the first image.
		 */
		private ImagePlus resolve(Map<String, Object> raw, Map<String, ImagePlus> imgs, Map<String, Object> vals) {
			for (Map.Entry<String, Object> e : raw.entrySet()) {
				if (e.getValue() instanceof ImagePlus) imgs.put(e.getKey(), (ImagePlus) e.getValue());
				else if (!(e.getValue() == null && Commands.isImage(info.getInput(e.getKey())))) vals.put(e.getKey(), e.getValue());
			}
			vals.putAll(Commands.convert(context, info, vals));
			ImagePlus first = null;
			for (Map.Entry<String, ImagePlus> e : imgs.entrySet()) {
				if (first == null) first = e.getValue();
				boolean astro = AstroImage.class.isAssignableFrom(info.getInput(e.getKey()).getType());
				vals.put(e.getKey(), astro ? ImagePlusImgs.astroImage(e.getValue()) : ImagePlusImgs.wrap(e.getValue()));
			}
			// an invisible "roi" input receives the first image's area selection as a mask (255 inside)
			ModuleItem<?> roiItem = info.getInput("roi");
			if (roiItem != null && roiItem.getVisibility() == ItemVisibility.INVISIBLE && first != null &&
				first.getRoi() != null && first.getRoi().isArea())
			{
				vals.put("roi", ImagePlusImgs.wrap(new ImagePlus("roi", first.createRoiMask())));
			}
			// an invisible "points" table receives the positions marked on the first image (or the active one)
			ModuleItem<?> pointsItem = info.getInput("points");
			ImagePlus marked = first != null ? first : WindowManager.getCurrentImage();
			if (pointsItem != null && pointsItem.getVisibility() == ItemVisibility.INVISIBLE && Table.class.equals(pointsItem.getType()) &&
				marked != null)
			{
				Table points = MarkedPoints.of(marked);
				if (points != null) vals.put("points", points);
			}
			return first;
		}

		/** True when the macro options hold a parameter that is the alternative to the image {@code image}. */
		private boolean macroGivesAlternativeTo(List<ModuleItem<?>> params, String image) {
			String options = Macro.getOptions();
			if (options == null) return false;
			List<String> keys = MacroOptions.keys(options);
			for (ModuleItem<?> p : params) {
				if (image.equals(p.get(Commands.ALTERNATIVE_TO)) && keys.contains(p.getName().toLowerCase(java.util.Locale.ROOT))) return true;
			}
			return false;
		}

		/** A misspelt key in a macro would silently be ignored: name it instead. */
		private void checkMacroKeys(List<ModuleItem<?>> params) {
			String options = Macro.getOptions();
			if (options == null) return;
			List<String> known = new ArrayList<>();
			for (ModuleItem<?> item : params) known.add(item.getName().toLowerCase(java.util.Locale.ROOT));
			for (String key : MacroOptions.keys(options)) {
				if (!known.contains(key)) throw new IllegalArgumentException(info.getTitle() + " has no parameter '" + key +
					"'" + Commands.suggestion(key, known) + "; its parameters are: " + String.join(", ", known));
			}
		}

		private static void addField(GenericDialog gd, ModuleItem<?> item, Object def) {
			String key = item.getName();
			Class<?> t = item.getType();
			String units = Commands.units(item.getLabel());
			if (t == boolean.class || t == Boolean.class) gd.addCheckbox(key, Boolean.TRUE.equals(def));
			else if (isNumber(t)) {
				double d = def == null ? 0 : ((Number) def).doubleValue();
				try {
					gd.addNumericField(key, d, isInteger(t) ? 0 : digits(d), 10, units);
				}
				catch (NumberFormatException e) {
					// the headless dialog (ij1-patcher, as Fiji --headless) parses the macro's value here, with Double.parseDouble
					throw new IllegalArgumentException(key + ": '" + Macro.getValue(Macro.getOptions(), key, "") + "' is not a number", e);
				}
			}
			else if (t.isEnum()) {
				Object[] constants = t.getEnumConstants();
				String[] names = new String[constants.length];
				for (int i = 0; i < names.length; i++) names[i] = constants[i].toString();
				gd.addChoice(key, names, def == null ? names[0] : def.toString());
			}
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
				List<?> c = item.getChoices();
				String[] names = new String[c.size()];
				for (int i = 0; i < names.length; i++) names[i] = String.valueOf(c.get(i));
				gd.addChoice(key, names, def == null ? names[0] : def.toString());
			}
			else if (t == File.class) {
				String path = def == null ? "" : ((File) def).getPath();
				String style = item.getWidgetStyle() == null ? "" : item.getWidgetStyle();
				// headless dialogs (Fiji --headless, ij1-patcher) ignore file fields: use text there
				if (GraphicsEnvironment.isHeadless()) gd.addStringField(key, path, 30);
				else if (style.contains(FileWidget.DIRECTORY_STYLE)) gd.addDirectoryField(key, path, 30);
				else gd.addFileField(key, path, 30);
			}
			else gd.addStringField(key, def == null ? "" : def.toString(), 20);
		}

		private Object next(GenericDialog gd, ModuleItem<?> item) {
			Class<?> t = item.getType();
			if (Commands.isImage(item)) {
				String title = gd.getNextChoice();
				if (title.equals("none")) return null;
				ImagePlus imp = WindowManager.getImage(title);
				if (imp == null) throw new IllegalArgumentException(item.getName() + ": no open image titled '" + title + "'");
				return imp;
			}
			if (t == boolean.class || t == Boolean.class) return gd.getNextBoolean();
			if (isNumber(t)) {
				String given = Macro.getOptions() == null ? null : Macro.getValue(Macro.getOptions(), item.getName(), null);
				double d = gd.getNextNumber();
				if (gd.invalidNumber()) throw new IllegalArgumentException(item.getName() + ": '" + (given != null ? given : gd.getErrorMessage()) +
					"' is not a number");
				if (!isInteger(t)) return Double.toString(d);
				return Long.toString(Commands.wholeNumber(item.getName(), given != null ? given : Provenance.format(d), d, t));
			}
			if (t.isEnum() || (item.getChoices() != null && !item.getChoices().isEmpty())) {
				String choice = gd.getNextChoice();
				// a headless dialog silently falls back to the first item for an unknown value
				String given = Macro.getOptions() == null ? null : Macro.getValue(Macro.getOptions(), item.getName(), null);
				if (given != null && !given.equals(choice)) throw new IllegalArgumentException(item.getName() +
					" must be one of " + (t.isEnum() ? java.util.Arrays.toString(t.getEnumConstants()) : item.getChoices()) +
					" (got '" + given + "')");
				return choice;
			}
			String s = gd.getNextString();
			return t == File.class && s.isBlank() ? null : s;
		}

		/**
		 * Shows the outputs: images with their headers (an {@link AstroImage} with its own, with its ERR
		 * and DQ; other images with the input's header and this run's HISTORY), tables, plots, text.
		 */
		void show(Module module) {
			String base = primary == null ? info.getTitle() : stripExtension(primary.getTitle());
			FitsHeader inputHeader = primary == null ? null : ImagePlusImgs.header(primary);
			String history = null;
			ImagePlus firstShown = null, result = null;
			boolean plotShown = false; // a plot window takes the focus too
			List<Marks> marks = new ArrayList<>();
			for (Map.Entry<String, Object> e : Commands.outputs(module).entrySet()) {
				Object v = e.getValue();
				String name = e.getKey();
				if (v == null) continue;
				if (v instanceof AstroImage) {
					// a result of an image command is named after its input, as ImageJ's own commands do; an
					// image a command opens or makes from files keeps its own name
					AstroImage a = (AstroImage) v;
					ImagePlus imp = ImagePlusImgs.toImagePlus(hasImageInput() ? a.withName(base + "-" + name) : a);
					sameCalibration(imp);
					imp.show();
					if (firstShown == null) firstShown = imp;
					if (result == null) result = imp;
				}
				else if (v instanceof RandomAccessibleInterval) {
					ImagePlus imp = ImagePlusImgs.toImagePlus((RandomAccessibleInterval<?>) v, base + "-" + name);
					// float images get the astronomer's display range; masks and label images keep min-max
					if (!(net.imglib2.view.Views.iterable((RandomAccessibleInterval<?>) v).firstElement() instanceof
						net.imglib2.type.numeric.IntegerType)) DisplayRange.apply(imp);
					if (history == null) history = Provenance.of(module.getDelegateObject());
					FitsHeader h = (inputHeader == null ? new FitsHeader() : inputHeader.copy()).addHistory(history);
					// a map on another grid (a binned one) must not carry the input's world coordinates
					if (primary != null && (imp.getWidth() != primary.getWidth() || imp.getHeight() != primary.getHeight())) h.removeWcs();
					ImagePlusImgs.setHeader(imp, h);
					sameCalibration(imp);
					imp.show();
					if (firstShown == null) firstShown = imp;
				}
				else if (v instanceof Table) ResultsTables.show((Table) v);
				else if (v instanceof Plot) {
					Plots.show((Plot) v);
					plotShown = true;
				}
				else if (v instanceof Marks) marks.add((Marks) v);
				else if (v instanceof String) {
					if (!((String) v).isEmpty()) IJ.log((String) v);
				}
				else IJ.log(name + " = " + v);
			}
			// positions go on the image they were measured on
			ImagePlus target = primary != null ? primary : firstShown;
			if (target != null) for (Marks m : marks) Overlays.draw(target, m);
			// The command's result (its first astronomical image) becomes the active image; side outputs (masks,
			// label images, models after the result) never take the focus: without a result image, the image
			// worked on stays the target of the next command, as after ImageJ's own analysis commands
			ImagePlus active = result != null ? result : primary != null && imageInputs() == 1 ? primary : firstShown;
			if (active != null && (firstShown != null || plotShown)) IJ.selectWindow(active.getID());
		}

		private boolean hasImageInput() {
			return imageInputs() > 0;
		}

		private int imageInputs() {
			int n = 0;
			for (ModuleItem<?> item : Commands.parameters(info)) if (Commands.isImage(item)) n++;
			return n;
		}

		/** An output on the input's pixel grid keeps the input's spatial calibration. */
		private void sameCalibration(ImagePlus imp) {
			if (primary != null && primary.getWidth() == imp.getWidth() && primary.getHeight() == imp.getHeight()) {
				imp.setCalibration(primary.getCalibration());
			}
		}
	}

	/** Bold section headings in the dialogs. */
	private static final java.awt.Font HEADING_FONT = new java.awt.Font("SansSerif", java.awt.Font.BOLD, 12);

	/** True for an image input the user chooses among the open images (or none), instead of the active image. */
	private static boolean chosen(ModuleItem<?> item) {
		return "true".equals(item.get(Commands.CHOOSE_IMAGE));
	}

	/** True when the command can compute a preview of its result ({@link Previewable}). */
	private static boolean previewable(CommandInfo info) {
		try {
			return Previewable.class.isAssignableFrom(info.loadClass());
		}
		catch (Exception | LinkageError e) {
			return false;
		}
	}

	private static boolean isImageItem(List<ModuleItem<?>> imageItems, String name) {
		for (ModuleItem<?> item : imageItems) if (item.getName().equals(name)) return true;
		return false;
	}

	private static String[] openTitles() {
		int[] ids = WindowManager.getIDList();
		if (ids == null) return new String[0];
		String[] t = new String[ids.length];
		for (int i = 0; i < ids.length; i++) t[i] = WindowManager.getImage(ids[i]).getTitle();
		return t;
	}

	private static String[] prepend(String first, String[] rest) {
		String[] all = new String[rest.length + 1];
		all[0] = first;
		System.arraycopy(rest, 0, all, 1, rest.length);
		return all;
	}

	private static boolean isNumber(Class<?> t) {
		return t.isPrimitive() && t != boolean.class && t != char.class || Number.class.isAssignableFrom(t);
	}

	private static boolean isInteger(Class<?> t) {
		return t == int.class || t == long.class || t == short.class || t == byte.class || t == Integer.class ||
			t == Long.class || t == Short.class || t == Byte.class;
	}

	/** Decimals enough to show the default exactly (at most 6). */
	static int digits(double d) {
		for (int n = 0; n < 6; n++) if (Math.abs(d * Math.pow(10, n) - Math.rint(d * Math.pow(10, n))) < 1e-9) return n;
		return 6;
	}

	private static String stripExtension(String title) {
		String t = title.replaceAll("\\[[^\\]]*\\]$", "");
		return t.replaceAll("(?i)\\.(fits|fit|fts)(\\.gz|\\.fz)?$", "");
	}

	private static String nonNull(String s) {
		return s == null ? "" : s;
	}
}
