package org.vdpacheck.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The vdpacheck command line: one executable, a subcommand per job. */
@Command(name = "vdpacheck", mixinStandardHelpOptions = true, version = "vdpacheck 0.1.0",
        description = "Model-driven checks of the Linux vhost-vdpa backend features and its "
                + "reset / IOTLB-mapping state machine.",
        subcommands = {AuditCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; picocli reports bad usage with exit 2. */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
