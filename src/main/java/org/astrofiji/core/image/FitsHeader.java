package org.astrofiji.core.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The descriptive cards of a FITS header: everything except the cards that describe the data layout
 * (SIMPLE, BITPIX, NAXISn, BZERO, BSCALE, BLANK, EXTNAME, checksums, compression and table cards),
 * which the writer derives from the pixels it writes. This is what travels with an image from file to
 * file and, as ImageJ's "Info" text (one 80-column card per line), through ImageJ.
 * <p>
 * A plain value class: reading and formatting card text is {@code io.FitsCards}' job. A card read from
 * a file keeps its original text ({@link Card#image()}) so it is written back unchanged; a card set by
 * code is formatted when written. Numeric accessors accept string-valued cards ({@code EXPTIME = '40'})
 * and Fortran exponents ({@code 1.5D0}); failures name the keyword and where the header came from.
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
		"(A|B|AP|BP)_(ORDER|DMAX|\\d+_\\d+)|LTV\\d|LTM\\d_\\d|" +
		// a DSS plate solution (astropy reads it as a WCS) and IRAF's TNX/ZPX cards
		"PLTRA[HMS]|PLTDEC(SN|[DMS])|CNPIX\\d|PPO\\d+|[XY]PIXELSZ|AMD[XY]\\d+|WAT\\d_\\d+|WCSDIM");

	private static final Pattern KEY = Pattern.compile("[A-Z0-9_-]{1,8}");

	/** What a card's value is. */
	public enum Kind {
		STRING, LOGICAL, INTEGER, REAL, COMPLEX,
		/** A keyword with an empty value field ({@code KEY =}). */
		UNDEFINED,
		/** COMMENT, HISTORY, blank keyword: text only. */
		COMMENTARY
	}

	/**
	 * One card: keyword, kind, the value as text (a string card's content without quotes, a number's
	 * digits as written, T or F), comment, and the card's original text when it was read (null when
	 * set by code). Immutable.
	 */
	public static final class Card {

		private final String key;
		private final Kind kind;
		private final String value;
		private final String comment;
		private final String image;

		public Card(String key, Kind kind, String value, String comment, String image) {
			this.key = key == null ? "" : key;
			this.kind = kind;
			this.value = value;
			this.comment = comment;
			this.image = image;
		}

		public String key() {
			return key;
		}

		public Kind kind() {
			return kind;
		}

		/** The value as text, or null for commentary and undefined cards. */
		public String value() {
			return value;
		}

		public String comment() {
			return comment;
		}

		/** The card as it was read (80 columns per card, several for a long string), or null. */
		public String image() {
			return image;
		}

		public boolean isKeyValue() {
			return kind != Kind.COMMENTARY;
		}
	}

	private final List<Card> cards = new ArrayList<>();
	private String source = "";

	public FitsHeader() {}

	/** A header of these cards (e.g. as a reader parsed them), with where it came from. */
	public static FitsHeader of(List<Card> cards, String source) {
		FitsHeader h = new FitsHeader();
		h.source = source == null ? "" : source;
		for (Card c : cards) if (!isStructural(c.key())) h.cards.add(c);
		return h;
	}

	/** True for the keywords that describe the data layout, which a header does not keep. */
	public static boolean isStructural(String key) {
		return key != null && STRUCTURAL.matcher(key).matches();
	}

	/** True for world-coordinate keywords (kept only while the pixel grid is unchanged). */
	public static boolean isWcs(String key) {
		return key != null && WCS.matcher(key).matches();
	}

	/** The cards in order (read-only). */
	public List<Card> cards() {
		return Collections.unmodifiableList(cards);
	}

	public FitsHeader copy() {
		FitsHeader h = new FitsHeader();
		h.source = source;
		h.cards.addAll(cards);
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
		for (Card c : cards) if (c.isKeyValue()) keys.add(c.key());
		return keys;
	}

	public boolean contains(String key) {
		return find(key) != null;
	}

	/** The value as text (string cards without quotes), or null if the keyword is absent. */
	public String getString(String key) {
		Card c = find(key);
		return c == null || c.value() == null ? null : c.value().trim();
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

	/**
	 * A number that must be there: fails naming the source, the keyword and {@code why} it is needed
	 * ("to scale the dark") when it is absent, blank or not a number.
	 */
	public double requireDouble(String key, String why) {
		String v = getString(key);
		if (v == null || v.isEmpty()) throw new IllegalArgumentException(source + " has no " + key.toUpperCase(Locale.ROOT) +
			" keyword; it is needed " + why);
		try {
			return getDouble(key);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(e.getMessage() + "; it is needed " + why);
		}
	}

	/** A number, or NaN when the keyword is absent, blank or not a number (or {@code key} empty): for optional values. */
	public double getDoubleOrNaN(String key) {
		if (key == null || key.isBlank()) return Double.NaN;
		try {
			Double d = getDouble(key);
			return d == null ? Double.NaN : d;
		}
		catch (IllegalArgumentException e) {
			return Double.NaN;
		}
	}

	/** The comment of a key-value card, or null. */
	public String getComment(String key) {
		Card c = find(key);
		return c == null ? null : c.comment();
	}

	/** Sets (replaces or appends) a numeric card: an integer when the value is whole. */
	public FitsHeader set(String key, double value, String comment) {
		if (!Double.isFinite(value)) throw new IllegalArgumentException("cannot make FITS card " + key + ": " + value +
			" is not a finite number");
		boolean whole = value == Math.rint(value) && Math.abs(value) < 1e15;
		String text = whole ? Long.toString((long) value) : Double.toString(value);
		return put(new Card(checkKey(key), whole ? Kind.INTEGER : Kind.REAL, text, comment, null));
	}

	/** Sets (replaces or appends) a string card. */
	public FitsHeader set(String key, String value, String comment) {
		if (value == null) throw new IllegalArgumentException("cannot make FITS card " + key + ": no value");
		checkAscii(key, value);
		return put(new Card(checkKey(key), Kind.STRING, value, comment, null));
	}

	/** Sets (replaces or appends) a logical card. */
	public FitsHeader set(String key, boolean value, String comment) {
		return put(new Card(checkKey(key), Kind.LOGICAL, value ? "T" : "F", comment, null));
	}

	public FitsHeader remove(String key) {
		String k = key.toUpperCase(Locale.ROOT);
		cards.removeIf(c -> c.isKeyValue() && k.equals(c.key()));
		return this;
	}

	/** Appends HISTORY cards with the text, wrapped at word boundaries. */
	public FitsHeader addHistory(String text) {
		return addCommentary("HISTORY", text);
	}

	/** Appends COMMENT cards with the text, wrapped at word boundaries. */
	public FitsHeader addComment(String text) {
		return addCommentary("COMMENT", text);
	}

	private FitsHeader addCommentary(String key, String text) {
		// FITS text is printable ASCII: other characters (a path with accents) become '?'
		for (String line : wrap(text.replaceAll("[^\\x20-\\x7E]", "?"), HISTORY_WIDTH)) {
			cards.add(new Card(key, Kind.COMMENTARY, null, line, null));
		}
		return this;
	}

	/**
	 * Sets cards from a map: numbers, text and logicals as values, "COMMENT" and "HISTORY" as
	 * commentary. Used for headers that code builds (the simulator's).
	 */
	public FitsHeader setAll(Map<String, ?> values) {
		for (Map.Entry<String, ?> e : values.entrySet()) {
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
		for (Card c : cards) if ("HISTORY".equals(c.key())) h.add(c.comment() == null ? "" : c.comment().trim());
		return h;
	}

	/** A new header with only this header's HISTORY cards, as they are: the provenance of an extension. */
	public FitsHeader historyCards() {
		FitsHeader h = new FitsHeader();
		for (Card c : cards) if ("HISTORY".equals(c.key())) h.cards.add(c);
		return h;
	}

	/** Drops the world coordinate system cards: for outputs whose pixel grid differs from the input. */
	public FitsHeader removeWcs() {
		cards.removeIf(c -> c.isKeyValue() && isWcs(c.key()));
		return this;
	}

	/** True when the header has WCS cards. */
	public boolean hasWcs() {
		for (Card c : cards) if (c.isKeyValue() && isWcs(c.key())) return true;
		return false;
	}

	/** Adds the cards of {@code other} whose keywords this header lacks (commentary cards excluded). */
	public FitsHeader inherit(FitsHeader other) {
		for (Card c : other.cards) {
			if (c.isKeyValue() && !contains(c.key())) cards.add(c);
		}
		return this;
	}

	private Card find(String key) {
		String k = key.toUpperCase(Locale.ROOT);
		for (Card c : cards) if (c.isKeyValue() && k.equals(c.key())) return c;
		return null;
	}

	private FitsHeader put(Card card) {
		for (int i = 0; i < cards.size(); i++) {
			if (cards.get(i).isKeyValue() && card.key().equals(cards.get(i).key())) {
				cards.set(i, card);
				return this;
			}
		}
		cards.add(card);
		return this;
	}

	private static String checkKey(String key) {
		String k = key == null ? "" : key.trim().toUpperCase(Locale.ROOT);
		if (!KEY.matcher(k).matches()) throw new IllegalArgumentException("cannot make FITS card " + key +
			": a keyword is 1 to 8 characters A-Z, 0-9, _ or -");
		return k;
	}

	private static void checkAscii(String key, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 32 || c > 126) throw new IllegalArgumentException("cannot make FITS card " + key +
				": FITS text is printable ASCII, found character " + (int) c);
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
