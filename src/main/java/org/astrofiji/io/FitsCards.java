package org.astrofiji.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.util.ComplexValue;
import nom.tam.util.FitsInputStream;

import org.astrofiji.core.image.FitsHeader;
import org.astrofiji.core.image.FitsHeader.Card;
import org.astrofiji.core.image.FitsHeader.Kind;

/**
 * FITS card text for {@link FitsHeader}s: from and to nom-tam headers, and the one-card-per-line text
 * ImageJ keeps in an image's "Info". Cards that were read keep their original text; cards set by code
 * are formatted by nom-tam here.
 */
public final class FitsCards {

	static {
		NomTam.quiet(); // parsing card text goes through nom-tam, which may log before any file is read
	}

	private FitsCards() {}

	/** The descriptive cards of a nom-tam header. */
	static FitsHeader of(Header header, String source) {
		List<Card> cards = new ArrayList<>();
		for (var it = header.iterator(); it.hasNext();) {
			HeaderCard c = it.next();
			if (FitsHeader.isStructural(c.getKey())) continue;
			cards.add(card(c));
		}
		return FitsHeader.of(cards, source);
	}

	private static Card card(HeaderCard c) {
		String image;
		try {
			image = c.toString();
		}
		catch (RuntimeException e) {
			image = null;
		}
		if (c.isCommentStyleCard()) return new Card(c.getKey(), Kind.COMMENTARY, null, c.getComment(), image);
		return new Card(c.getKey(), kind(c), c.getValue(), c.getComment(), image);
	}

	private static Kind kind(HeaderCard c) {
		Class<?> t = c.valueType();
		if (t == null || c.getValue() == null) return Kind.UNDEFINED;
		if (c.isStringValue()) return Kind.STRING;
		if (t == Boolean.class) return Kind.LOGICAL;
		if (c.isIntegerType()) return Kind.INTEGER;
		if (c.isDecimalType()) return Kind.REAL;
		if (t == ComplexValue.class) return Kind.COMPLEX;
		return Kind.STRING;
	}

	/** Appends the header's cards to a nom-tam header that already holds the layout cards. */
	static void appendTo(FitsHeader cards, Header header) {
		for (Card c : cards.cards()) {
			HeaderCard hc = toNomTam(c);
			if (hc.isKeyValuePair() && header.containsKey(hc.getKey())) header.deleteKey(hc.getKey());
			header.addLine(hc);
		}
	}

	private static HeaderCard toNomTam(Card c) {
		try {
			// a card read from a file goes back as it was (one 80-column card; long strings are rebuilt)
			if (c.image() != null && c.image().length() == 80) return HeaderCard.create(c.image());
			switch (c.kind()) {
				case COMMENTARY:
					return HeaderCard.createCommentStyleCard(c.key(), c.comment() == null ? "" : c.comment());
				case STRING:
					return new HeaderCard(c.key(), c.value(), c.comment());
				case LOGICAL:
					return new HeaderCard(c.key(), c.value().trim().equals("T"), c.comment());
				case INTEGER:
					return new HeaderCard(c.key(), new BigInteger(c.value().trim()), c.comment());
				case REAL:
					return new HeaderCard(c.key(), Double.parseDouble(c.value().trim().replace('D', 'E').replace('d', 'e')),
						c.comment());
				default:
					return HeaderCard.create(String.format("%-8s=%71s", c.key(), " / " + (c.comment() == null ? "" : c.comment())));
			}
		}
		catch (Exception e) {
			throw new IllegalArgumentException("cannot make FITS card " + c.key() + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Parses header text, one card per line, as ImageJ keeps it in the "Info" property. Lines that are
	 * not FITS cards (ImageJ adds some of its own) are skipped, as are layout cards.
	 */
	public static FitsHeader parse(String text) {
		if (text == null) return new FitsHeader();
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

	/** One card per line, 80 columns each with trailing blanks trimmed. */
	public static String toText(FitsHeader header) {
		StringBuilder sb = new StringBuilder();
		for (Card c : header.cards()) {
			String s = c.image() != null ? c.image() : toNomTam(c).toString();
			for (int i = 0; i < s.length(); i += 80) {
				sb.append(s.substring(i, Math.min(s.length(), i + 80)).replaceAll("\\s+$", "")).append('\n');
			}
		}
		return sb.toString();
	}
}
