package org.vdpacheck.tool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vdpacheck.tool.qemu.LogImport;
import org.vdpacheck.tool.qemu.QemuLogException;
import org.vdpacheck.tool.replay.ReplayException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** vdpacheck import qemu LOG: a QEMU trace log as a .vtrace scenario on stdout. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Turn a log into a .vtrace scenario.",
        subcommands = ImportCommand.Qemu.class)
final class ImportCommand implements Runnable {
    @Spec
    CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    @Command(name = "qemu", mixinStandardHelpOptions = true,
            description = "A QEMU log (-trace 'vhost_vdpa_*', log backend) as a .vtrace scenario; steps the log "
                    + "cannot show are inferred and marked '# inferred: ...'. Exit 2: unreadable or malformed log.")
    static final class Qemu implements Callable<Integer> {
        @Spec
        CommandSpec command;

        @Parameters(paramLabel = "LOG", description = "The QEMU log.")
        Path log;

        @Option(names = "--kernel", defaultValue = "v6.7",
                description = "The header's kernel profile (default ${DEFAULT-VALUE}); with the parent it decides "
                        + "what QEMU is inferred to ack.")
        String kernel;

        @Option(names = "--parent", defaultValue = "mlx5_vdpa", description = "The header's parent (default ${DEFAULT-VALUE}).")
        String parent;

        @Option(names = "--qemu", paramLabel = "VERSION",
                description = "The QEMU version that wrote the log (5.2 .. 10.x, or persist); default: inferred from the log.")
        String qemu;

        @Override
        public Integer call() {
            PrintWriter out = command.commandLine().getOut();
            PrintWriter err = command.commandLine().getErr();
            try {
                LogImport.print(log, kernel, parent, qemu, out);
                return 0;
            } catch (QemuLogException e) {
                err.println(e.getMessage());
                return 2;
            } catch (ReplayException e) {
                err.println("vdpacheck import qemu: " + e.getMessage());
                return 2;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }
}
