package org.vdpacheck.tool;

import org.vdpacheck.tool.alloy.Quiet;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The vdpacheck command line: one executable, a subcommand per job. */
@Command(name = "vdpacheck", mixinStandardHelpOptions = true, version = "vdpacheck 0.1.0",
        description = "Model-driven checks of the Linux vhost-vdpa backend features and its "
                + "reset / IOTLB-mapping state machine.",
        subcommands = {AuditCommand.class, CheckCommand.class, GenerateCommand.class, ReplayCommand.class, ImportCommand.class,
            EmitCCommand.class, RealKernelCommand.class, ImplTableCommand.class,
            BenchAuditCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; picocli reports bad usage with exit 2. */
    public static int run(String... args) {
        Quiet.install();
        return new CommandLine(new Main()).setExecutionExceptionHandler(Main::internalError).execute(args);
    }

    /**
     * A bug in vdpacheck, not bad input (that is reported where it is found, with its position):
     * one line, exit 3; VDPACHECK_DEBUG=1 adds the stack trace.
     */
    private static int internalError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println("vdpacheck: internal error: " + e);
        if (System.getenv("VDPACHECK_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return 3;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
