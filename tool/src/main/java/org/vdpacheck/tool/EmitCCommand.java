package org.vdpacheck.tool;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.vdpacheck.tool.emitc.CProgram;
import org.vdpacheck.tool.trace.TraceParser;
import org.vdpacheck.tool.trace.TraceSyntaxException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * vdpacheck emit-c FILE.vtrace: each scenario as a self-contained C program that makes its
 * syscalls on a real /dev/vhost-vdpa-N and prints what the kernel returned, one line per step.
 * With one scenario and no --out the program goes to stdout. Exit 2: a malformed file, or several
 * scenarios and nowhere to put them.
 */
@Command(name = "emit-c", mixinStandardHelpOptions = true,
        description = "Write each scenario of a .vtrace file as a C program that runs it on /dev/vhost-vdpa-N "
                + "(argv[1]) and prints, per step, 'vdpacheck-step LINE ret|write|get|na VALUE'.")
final class EmitCCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(arity = "1", paramLabel = "FILE.vtrace", description = "Scenarios in the trace language.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write FILE-N.c for the N-th scenario into DIR (needed when FILE holds more than one).")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = command.commandLine().getErr();
        List<TraceParser.Parsed> scenarios;
        try {
            scenarios = TraceParser.parse(file);
        } catch (TraceSyntaxException e) {
            e.errors().forEach(err::println);
            err.flush();
            return 2;
        }
        if (out == null) {
            if (scenarios.size() != 1) {
                err.println(file + ":1:1: " + scenarios.size() + " scenarios: give --out DIR for one .c file each");
                err.flush();
                return 2;
            }
            PrintWriter o = command.commandLine().getOut();
            o.print(CProgram.of(scenarios.get(0), file.toString()));
            o.flush();
            return 0;
        }
        String stem = file.getFileName().toString().replaceFirst("\\.vtrace$", "");
        for (int i = 0; i < scenarios.size(); i++) {
            Path target = out.resolve(stem + "-" + (i + 1) + ".c");
            AtomicFiles.write(target, CProgram.of(scenarios.get(i), file.toString()));
            command.commandLine().getOut().println(target);
        }
        command.commandLine().getOut().flush();
        return 0;
    }
}
