package org.astrofiji.testutil;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.scijava.Context;
import org.scijava.command.CommandService;

/** Base of the tests that run commands through SciJava's CommandService, as scripts call them. */
public abstract class CommandTest {

	protected static Context context;
	protected static CommandService commands;

	@BeforeAll
	static void startContext() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stopContext() {
		context.dispose();
	}
}
