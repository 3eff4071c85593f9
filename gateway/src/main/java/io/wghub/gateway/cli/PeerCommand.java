package io.wghub.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code wghub peer}: adds, removes and lists a hub's peers, in its config file and in the running interface. */
@Command(name = "peer", description = "Provision the hub's peers: add one (with a ready client config), remove one, list them.",
        subcommands = {PeerAddCommand.class, PeerRemoveCommand.class, PeerListCommand.class})
final class PeerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
