package io.wghub.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the wghub command: dispatches to the subcommands. */
@Command(name = "wghub", mixinStandardHelpOptions = true, version = "wghub 0.1.0",
        description = "A WireGuard concentrator.",
        subcommands = {UpCommand.class, ReloadCommand.class, GenKeyCommand.class, PubKeyCommand.class, GenPskCommand.class, PeerCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "INTERFACE", description = {
            "As wireguard-go: create INTERFACE unconfigured, with its UAPI socket for wg and wg-quick,",
            "and run it in the background (WG_QUICK_USERSPACE_IMPLEMENTATION=wghub wg-quick up ...)."})
    String interfaceName;

    @CommandLine.Option(names = {"-f", "--foreground"}, description = "with INTERFACE: stay in the foreground")
    boolean foreground;

    @Override
    public Integer call() {
        if (interfaceName == null) {
            spec.commandLine().usage(System.out);
            return 0;
        }
        return UserspaceCommand.run(interfaceName, foreground);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
