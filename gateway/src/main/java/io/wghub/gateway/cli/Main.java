package io.wghub.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the wghub command: dispatches to the subcommands. */
@Command(name = "wghub", mixinStandardHelpOptions = true, version = "wghub 0.1.0",
        description = "A WireGuard concentrator.",
        subcommands = {UpCommand.class, GenKeyCommand.class, PubKeyCommand.class, GenPskCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
