package org.vdpacheck.tool;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.vdpacheck.tool.support.SupportTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * vdpacheck audit. Until the Alloy spec lands this prints what the driver implementation
 * supports per kernel profile and parent, each cell measured by running the driver.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Kernel profile x parent driver table: backend features offered, and what "
                + "reset and release do to a device mapping (measured on impl/).")
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(SupportTable.measure().render());
        out.flush();
        return 0;
    }
}
