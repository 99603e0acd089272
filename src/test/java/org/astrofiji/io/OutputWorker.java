package org.astrofiji.io;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process writing outputs, for tests of what happens between processes: killed in the
 * middle of a write, or racing another for the same names. Prints "started" / "staged" when it gets
 * there; exits 0 when it published, 1 with the message on stderr when refused.
 * <ul>
 * <li>{@code hang <file>}: starts writing the file and never finishes (to be killed)
 * <li>{@code write <file> <text>}: writes the text
 * <li>{@code set <dir> <tag> <go-file>}: stages a.txt, b.txt and truth/c.txt holding the tag, waits
 * for the go file to exist, commits
 * </ul>
 */
public final class OutputWorker {

	private OutputWorker() {}

	public static void main(String[] args) throws Exception {
		try {
			switch (args[0]) {
				case "hang":
					OutputFiles.write(new File(args[1]), false, out -> {
						out.write(new byte[1 << 16]);
						out.flush();
						System.out.println("started");
						System.out.flush();
						while (true) {
							try {
								Thread.sleep(1000);
							}
							catch (InterruptedException e) {
								throw new java.io.InterruptedIOException();
							}
						}
					});
					break;
				case "write":
					OutputFiles.write(new File(args[1]), false, out -> out.write(args[2].getBytes(StandardCharsets.UTF_8)));
					break;
				case "set":
					try (OutputSet set = OutputSet.create(new File(args[1]), false)) {
						List<String> names = new ArrayList<>(List.of("a.txt", "b.txt", "truth/c.txt"));
						if (args[2].hashCode() % 2 == 0) java.util.Collections.reverse(names); // staging order does not matter
						for (String n : names) Files.writeString(set.file(n).toPath(), args[2]);
						System.out.println("staged");
						System.out.flush();
						while (!new File(args[3]).exists()) Thread.sleep(5);
						set.commit();
					}
					break;
				default:
					throw new IllegalArgumentException("unknown mode " + args[0]);
			}
			System.exit(0);
		}
		catch (java.io.IOException e) {
			System.err.println(e.getMessage());
			System.exit(1);
		}
	}
}
