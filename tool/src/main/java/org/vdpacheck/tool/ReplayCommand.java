package org.vdpacheck.tool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.vdpacheck.tool.replay.ReplayException;
import org.vdpacheck.tool.replay.Replayer;
import org.vdpacheck.tool.replay.ScenarioResult;
import org.vdpacheck.tool.replay.Step;
import org.vdpacheck.tool.trace.TraceParser;
import org.vdpacheck.tool.trace.TraceSyntaxException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * vdpacheck replay FILE.vtrace...: every scenario against impl/, one line each: PASS, or the
 * first step impl/ does not bear out with its line. Exit 0: every step of every scenario matches;
 * 1: a divergence; 2: a malformed file or a scenario that cannot be set up.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Run each scenario of .vtrace files against impl/ and report the first step whose result "
                + "or expectation differs, with its line.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(arity = "1..*", paramLabel = "FILE.vtrace", description = "Scenarios in the trace language.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        int exit = 0;
        for (Path file : files) {
            exit = Math.max(exit, replay(file, out, err));
        }
        out.flush();
        err.flush();
        return exit;
    }

    private static int replay(Path file, PrintWriter out, PrintWriter err) {
        List<TraceParser.Parsed> scenarios;
        try {
            scenarios = TraceParser.parse(file);
        } catch (TraceSyntaxException e) {
            e.errors().forEach(err::println);
            return 2;
        }
        int exit = 0;
        for (TraceParser.Parsed scenario : scenarios) {
            try {
                ScenarioResult r = Replayer.replay(scenario);
                if (r.passed()) {
                    out.println("PASS \"" + r.name() + "\" (" + r.steps().size() + " steps)");
                } else {
                    Step d = r.divergence().orElseThrow();
                    out.println(file + ":" + d.at().line() + ": \"" + r.name() + "\": " + d.statement() + ": "
                            + d.explanation());
                    exit = Math.max(exit, 1);
                }
            } catch (ReplayException e) {
                err.println(e.format(file.toString()));
                exit = 2;
            }
        }
        return exit;
    }
}
