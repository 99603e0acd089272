package org.astrofiji.io;

/**
 * A fresh JVM's first nom-tam use through {@link FitsCards} (header text, as ImageJ's Info holds it):
 * prints whether nom-tam's log records still reach the console (they must not: {@link NomTam}).
 */
public final class FitsCardsProbe {

	private FitsCardsProbe() {}

	public static void main(String[] args) {
		FitsCards.parse("OBJECT  = 'M13'");
		System.out.println("nom.tam logs to the console: " + java.util.logging.Logger.getLogger("nom.tam").getUseParentHandlers());
	}
}
