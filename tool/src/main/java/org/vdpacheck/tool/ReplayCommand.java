package org.vdpacheck.tool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.vdpacheck.tool.alloy.LogModel;
import org.vdpacheck.tool.alloy.SpecError;
import org.vdpacheck.tool.qemu.LogReplay;
import org.vdpacheck.tool.qemu.QemuLogException;

import org.vdpacheck.tool.replay.ReplayException;
import org.vdpacheck.tool.replay.Replayer;
import org.vdpacheck.tool.replay.ScenarioResult;
import org.vdpacheck.tool.replay.Step;
import org.vdpacheck.tool.trace.TraceParser;
import org.vdpacheck.tool.trace.TraceSyntaxException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * vdpacheck replay FILE...: every scenario of a .vtrace against impl/, one line each: PASS, or the
 * first step impl/ does not bear out with its line; a QEMU log (anything that is not a .vtrace)
 * streamed against impl/ for {@code --kernel} and {@code --parent}, every divergence and device
 * DMA fault on a line, then a summary. Exit 0: every step matches; 1: a divergence or fault; 2: a
 * malformed file, a scenario that cannot be set up, or a log without --kernel and --parent.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Run each scenario of .vtrace files, or a QEMU log, against impl/ and report where the "
                + "implementation differs, with its line.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scenarios in the trace language (.vtrace), or QEMU logs.")
    List<Path> files;

    @Option(names = "--kernel", description = "A QEMU log's kernel profile (v6.6, rfc, v6.7, newest).")
    String kernel;

    @Option(names = "--parent", description = "A QEMU log's parent (vdpa_sim, mlx5_vdpa, vduse, platform).")
    String parent;

    @Option(names = "--qemu", paramLabel = "VERSION",
            description = "The QEMU version that wrote a log (5.2 .. 10.x, or persist); default: inferred from the log.")
    String qemu;

    @Option(names = "--model",
            description = "Also validate a QEMU log against the spec: its observed steps, in windows with the state "
                    + "carried, each explained by a run of the spec with unobservable steps in between (see README).")
    boolean model;

    @Option(names = "--spec", paramLabel = "FILE", description = "The spec --model validates against (default: spec/vdpacheck.als of this checkout).")
    Path spec;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        int exit = 0;
        for (Path file : files) {
            exit = Math.max(exit, isVtrace(file) ? replay(file, out, err) : replayLog(file, out, err));
        }
        out.flush();
        err.flush();
        return exit;
    }

    /**
     * A {@code .vtrace} by its name, else by its first statement; a file that cannot be read is
     * left to the .vtrace reader, which reports it.
     */
    private static boolean isVtrace(Path file) {
        if (file.toString().endsWith(".vtrace")) {
            return true;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String l;
            while ((l = in.readLine()) != null) {
                String t = l.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return t.startsWith("scenario ");
                }
            }
            return false;
        } catch (IOException | java.io.UncheckedIOException e) {
            return true;
        }
    }

    private int replayLog(Path file, PrintWriter out, PrintWriter err) {
        if (kernel == null || parent == null) {
            err.println(file + ":1:1: a QEMU log replays against a kernel and parent: give --kernel and --parent");
            return 2;
        }
        try {
            LogModel spec = model ? new LogModel(this.spec == null ? SpecOptions.bundled() : this.spec, kernel, parent,
                    "sat4j") : null;
            LogReplay.Report r = LogReplay.replay(file, kernel, parent, qemu, out, spec == null ? null : (s, at) -> {
                try {
                    spec.step(s, at);
                } catch (SpecError e) {
                    throw new QemuLogException("vdpacheck replay --model: " + e.getMessage());
                }
            });
            int exit = r.clean() ? 0 : 1;
            out.println((r.clean() ? "PASS " : "FAIL ") + file + ": " + r);
            if (spec != null) {
                Optional<String> unexplained = spec.finish();
                out.println(unexplained.map(u -> "MODEL " + file + ":" + u + ": the spec cannot explain this step ("
                        + spec.summary() + ")").orElse("MODEL " + file + ": the spec explains every observed step ("
                        + spec.summary() + ")"));
                exit = unexplained.isPresent() ? 1 : exit;
            }
            return exit;
        } catch (QemuLogException e) {
            err.println(e.getMessage());
        } catch (ReplayException e) {
            err.println("vdpacheck replay: " + e.getMessage());
        } catch (SpecError e) {
            err.println("vdpacheck replay --model: " + e.getMessage());
        }
        return 2;
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
