package org.vdpacheck.tool;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.vdpacheck.tool.support.SupportTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** vdpacheck impl-table: what impl/ itself does to a mapping, per kernel profile and parent. */
@Command(name = "impl-table", mixinStandardHelpOptions = true,
        description = "Kernel profile x parent table measured on impl/: backend features offered, and what "
                + "reset and release do to a device mapping.")
final class ImplTableCommand implements Callable<Integer> {
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
