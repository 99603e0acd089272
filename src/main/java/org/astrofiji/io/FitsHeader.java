package org.astrofiji.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.HeaderCardException;
import nom.tam.util.FitsInputStream;

/**
 * The descriptive cards of a FITS header: everything except the cards that describe the data layout
 * (SIMPLE, BITPIX, NAXISn, BZERO, BSCALE, BLANK, EXTNAME, checksums, compression and table cards),
 * which the writer derives from the pixels it writes. This is what travels with an image from file to
 * file and, as ImageJ's "Info" text (one 80-column card per line), through ImageJ.
 * <p>
 * Numeric accessors accept string-valued cards ({@code EXPTIME = '40'}) and Fortran exponents
 * ({@code 1.5D0}); failures name the keyword and where the header came from.
 */
public final class FitsHeader {

	/** Width of the text of one HISTORY card. */
	private static final int HISTORY_WIDTH = 70;

	private static final Pattern STRUCTURAL = Pattern.compile("SIMPLE|XTENSION|BITPIX|NAXIS\\d*|EXTEND|" +
		"PCOUNT|GCOUNT|GROUPS|BZERO|BSCALE|BLANK|CHECKSUM|DATASUM|END|EXTNAME|EXTVER|EXTLEVEL|INHERIT|" +
		"ZIMAGE|ZSIMPLE|ZEXTEND|ZTENSION|ZBITPIX|ZNAXIS\\d*|ZTILE\\d+|ZCMPTYPE|ZNAME\\d+|ZVAL\\d+|ZMASKCMP|" +
		"ZQUANTIZ|ZDITHER0|ZBLOCKED|ZPCOUNT|ZGCOUNT|ZHECKSUM|ZDATASUM|ZBLANK|ZSCALE|ZZERO|" +
		"TFIELDS|TTYPE\\d+|TFORM\\d+|TDIM\\d+|THEAP");

	private static final Pattern WCS = Pattern.compile("(CTYPE|CRPIX|CRVAL|CDELT|CUNIT|CROTA|CRDER|CSYER)\\d+[A-Z]?|" +
		"(CD|PC|PV|PS)\\d+_\\d+[A-Z]?|(WCSAXES|WCSNAME|LONPOLE|LATPOLE|RADESYS|RADECSYS|EQUINOX)[A-Z]?|" +
		"(A|B|AP|BP)_(ORDER|DMAX|\\d+_\\d+)|LTV\\d|LTM\\d_\\d");

	private final List<HeaderCard> cards = new ArrayList<>();
	private String source = "";

	public FitsHeader() {}

	/** The descriptive cards of a nom-tam header. */
	static FitsHeader of(Header header, String source) {
		FitsHeader h = new FitsHeader();
		h.source = source;
		for (var it = header.iterator(); it.hasNext();) {
			HeaderCard c = it.next();
			if (!isStructural(c.getKey())) h.cards.add(c.copy());
		}
		return h;
	}

	/**
	 * Parses header text, one card per line, as ImageJ keeps it in the "Info" property. Lines that are
	 * not FITS cards (ImageJ adds some of its own) are skipped, as are layout cards.
	 */
	public static FitsHeader parse(String text) {
		FitsHeader h = new FitsHeader();
		if (text == null) return h;
		// pad the card lines into a header block so nom-tam joins long strings (CONTINUE) as in a file
		StringBuilder block = new StringBuilder();
		for (String layout : new String[] { "SIMPLE  =                    T", "BITPIX  =                    8",
			"NAXIS   =                    0" }) block.append(String.format("%-80s", layout));
		for (String line : text.split("\r?\n")) {
			if (line.isBlank() || line.length() > 80 || !looksLikeCard(line)) continue;
			block.append(String.format("%-80s", line));
		}
		block.append(String.format("%-80s", "END"));
		while (block.length() % 2880 != 0) block.append(' ');
		try (FitsInputStream in = new FitsInputStream(new ByteArrayInputStream(
			block.toString().getBytes(StandardCharsets.US_ASCII))))
		{
			Header header = new Header();
			header.read(in);
			return of(header, "");
		}
		catch (IOException | RuntimeException e) {
			throw new IllegalArgumentException("header text cannot be read as FITS cards: " + e.getMessage(), e);
		}
	}

	private static boolean looksLikeCard(String line) {
		String key = line.length() >= 8 ? line.substring(0, 8) : line;
		if (!key.trim().matches("[A-Z0-9_-]*")) return false;
		String trimmed = key.trim();
		return trimmed.equals("HISTORY") || trimmed.equals("COMMENT") || trimmed.equals("CONTINUE") || trimmed.isEmpty() ||
			(line.length() >= 10 && line.charAt(8) == '=');
	}

	static boolean isStructural(String key) {
		return key != null && STRUCTURAL.matcher(key).matches();
	}

	/** One card per line, 80 columns each with trailing blanks trimmed. */
	public String toText() {
		StringBuilder sb = new StringBuilder();
		for (HeaderCard c : cards) {
			for (String line : cardImages(c)) sb.append(line.replaceAll("\\s+$", "")).append('\n');
		}
		return sb.toString();
	}

	private static List<String> cardImages(HeaderCard c) {
		String s = c.toString();
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < s.length(); i += 80) lines.add(s.substring(i, Math.min(s.length(), i + 80)));
		return lines;
	}

	/** Appends these cards to a nom-tam header that already holds the layout cards. */
	void appendTo(Header header) {
		for (HeaderCard c : cards) {
			if (c.isKeyValuePair() && header.containsKey(c.getKey())) header.deleteKey(c.getKey());
			header.addLine(c.copy());
		}
	}

	public FitsHeader copy() {
		FitsHeader h = new FitsHeader();
		h.source = source;
		for (HeaderCard c : cards) h.cards.add(c.copy());
		return h;
	}

	/** Where this header came from ("M13_blue_0001.fits", "x.fits[SCI]"), for messages. */
	public String source() {
		return source;
	}

	public FitsHeader setSource(String source) {
		this.source = source == null ? "" : source;
		return this;
	}

	public int size() {
		return cards.size();
	}

	/** Keywords of the key-value cards, in order. */
	public List<String> keys() {
		List<String> keys = new ArrayList<>();
		for (HeaderCard c : cards) if (c.isKeyValuePair()) keys.add(c.getKey());
		return keys;
	}

	public boolean contains(String key) {
		return find(key) != null;
	}

	/** The value as text (string cards without quotes), or null if the keyword is absent. */
	public String getString(String key) {
		HeaderCard c = find(key);
		return c == null || c.getValue() == null ? null : c.getValue().trim();
	}

	/**
	 * The value as a number, or null if the keyword is absent or blank. A value that is not a number
	 * fails with a message naming the keyword, its value and the header's source.
	 */
	public Double getDouble(String key) {
		String v = getString(key);
		if (v == null || v.isEmpty()) return null;
		try {
			return Double.parseDouble(v.replace('D', 'E').replace('d', 'e'));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("keyword " + key.toUpperCase(Locale.ROOT) + " = '" + v + "'" +
				(source.isEmpty() ? "" : " in " + source) + " is not a number");
		}
	}

	/** The value as a number, or {@code fallback} if the keyword is absent. */
	public double getDouble(String key, double fallback) {
		Double v = getDouble(key);
		return v == null ? fallback : v;
	}

	/** Sets (replaces or appends) a numeric card. */
	public FitsHeader set(String key, double value, String comment) {
		return put(card(() -> value == Math.rint(value) && Math.abs(value) < 1e15
			? new HeaderCard(key, (long) value, comment) : new HeaderCard(key, value, comment), key));
	}

	/** Sets (replaces or appends) a string card. */
	public FitsHeader set(String key, String value, String comment) {
		return put(card(() -> new HeaderCard(key, value, comment), key));
	}

	/** Sets (replaces or appends) a logical card. */
	public FitsHeader set(String key, boolean value, String comment) {
		return put(card(() -> new HeaderCard(key, value, comment), key));
	}

	public FitsHeader remove(String key) {
		String k = key.toUpperCase(Locale.ROOT);
		cards.removeIf(c -> c.isKeyValuePair() && k.equals(c.getKey()));
		return this;
	}

	/** Appends HISTORY cards with the text, wrapped at word boundaries. */
	public FitsHeader addHistory(String text) {
		for (String line : wrap(text, HISTORY_WIDTH)) {
			cards.add(card(() -> HeaderCard.createHistoryCard(line), "HISTORY"));
		}
		return this;
	}

	/** Appends COMMENT cards with the text, wrapped at word boundaries. */
	public FitsHeader addComment(String text) {
		for (String line : wrap(text, HISTORY_WIDTH)) {
			cards.add(card(() -> HeaderCard.createCommentCard(line), "COMMENT"));
		}
		return this;
	}

	/**
	 * Sets cards from a map: numbers, text and logicals as values, "COMMENT" and "HISTORY" as
	 * commentary. Used for headers that code builds (the simulator's).
	 */
	public FitsHeader setAll(java.util.Map<String, ?> values) {
		for (java.util.Map.Entry<String, ?> e : values.entrySet()) {
			Object v = e.getValue();
			String k = e.getKey();
			if (k.equals("COMMENT")) addComment(String.valueOf(v));
			else if (k.equals("HISTORY")) addHistory(String.valueOf(v));
			else if (v instanceof Number) set(k, ((Number) v).doubleValue(), "");
			else if (v instanceof Boolean) set(k, (Boolean) v, "");
			else if (v != null) set(k, v.toString(), "");
		}
		return this;
	}

	/** The text of the HISTORY cards, one entry per card. */
	public List<String> history() {
		List<String> h = new ArrayList<>();
		for (HeaderCard c : cards) if ("HISTORY".equals(c.getKey())) h.add(c.getComment() == null ? "" : c.getComment().trim());
		return h;
	}

	/** Drops the world coordinate system cards: for outputs whose pixel grid differs from the input. */
	public FitsHeader removeWcs() {
		cards.removeIf(c -> c.isKeyValuePair() && WCS.matcher(c.getKey()).matches());
		return this;
	}

	/** True when the header has WCS cards. */
	public boolean hasWcs() {
		for (HeaderCard c : cards) if (c.isKeyValuePair() && WCS.matcher(c.getKey()).matches()) return true;
		return false;
	}

	/** Adds the cards of {@code other} whose keywords this header lacks (commentary cards excluded). */
	public FitsHeader inherit(FitsHeader other) {
		for (HeaderCard c : other.cards) {
			if (c.isKeyValuePair() && !contains(c.getKey())) cards.add(c.copy());
		}
		return this;
	}

	private HeaderCard find(String key) {
		String k = key.toUpperCase(Locale.ROOT);
		for (HeaderCard c : cards) if (c.isKeyValuePair() && k.equals(c.getKey())) return c;
		return null;
	}

	private FitsHeader put(HeaderCard card) {
		for (int i = 0; i < cards.size(); i++) {
			if (cards.get(i).isKeyValuePair() && card.getKey().equals(cards.get(i).getKey())) {
				cards.set(i, card);
				return this;
			}
		}
		cards.add(card);
		return this;
	}

	private interface CardMaker {
		HeaderCard make() throws HeaderCardException;
	}

	private static HeaderCard card(CardMaker maker, String key) {
		try {
			return maker.make();
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException("cannot make FITS card " + key + ": " + e.getMessage(), e);
		}
	}

	static List<String> wrap(String text, int width) {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (String word : text.trim().split("\\s+")) {
			while (word.length() > width) { // a word longer than a card: break it
				if (line.length() > 0) {
					lines.add(line.toString());
					line.setLength(0);
				}
				lines.add(word.substring(0, width));
				word = word.substring(width);
			}
			if (line.length() > 0 && line.length() + 1 + word.length() > width) {
				lines.add(line.toString());
				line.setLength(0);
			}
			if (line.length() > 0) line.append(' ');
			line.append(word);
		}
		if (line.length() > 0 || lines.isEmpty()) lines.add(line.toString());
		return lines;
	}

	@Override
	public String toString() {
		return "FitsHeader[" + (source.isEmpty() ? "" : source + ", ") + cards.size() + " cards]";
	}
}
