package org.vdpacheck.tool.realkernel;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.vdpacheck.tool.emitc.CProgram;
import org.vdpacheck.tool.emitc.StepLine;
import org.vdpacheck.tool.replay.Answers;
import org.vdpacheck.tool.replay.ReplayException;
import org.vdpacheck.tool.replay.Replayer;
import org.vdpacheck.tool.replay.ScenarioResult;
import org.vdpacheck.tool.replay.Step;
import org.vdpacheck.tool.replay.Words;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.Trace;
import org.vdpacheck.tool.trace.TraceParser;
import org.vdpacheck.tool.trace.TracePrinter;

/**
 * Scenarios on one real kernel: impl/'s prediction for every step under that kernel's profile
 * (whatever kernel the scenario's header names: its results are ignored), one C program per
 * scenario, one boot per vdpa_sim mode (batch_mapping 1 and 0 are a module parameter), and each
 * step's prediction compared with what the kernel returned.
 */
public final class Conformance {
    /** A scenario to run, and the file it came from. */
    public record Case(Path file, TraceParser.Parsed scenario) {
    }

    /** The guest's bound on one program, beyond which `timeout` kills it (exit 124). */
    private static final int PROGRAM_BOUND_SECONDS = 20;

    private record Planned(String id, Case c, ScenarioResult predicted) {
    }

    private Conformance() {
    }

    /**
     * Runs {@code cases} on {@code kernel} in scratch space under {@code work}. A guest that does not
     * finish within a minute plus two seconds a program is killed; its unfinished scenarios say so.
     */
    public static List<Outcome> run(List<Case> cases, KernelCache.Kernel kernel, Path work, PrintWriter progress)
            throws EnvironmentException {
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, List<Planned>> byMode = new TreeMap<>();
        int programs = 0;
        for (Case c : cases) {
            Trace t = c.scenario().trace();
            Optional<String> mode = mode(t);
            if (!t.parent().equals("vdpa_sim") || mode.isEmpty()) {
                outcomes.add(notRun(c, kernel, "parent " + t.parent() + " " + t.options()
                        + ": the guest has vdpa_sim_net only, with its batch_mapping parameter"));
                continue;
            }
            try {
                ScenarioResult predicted = Replayer.predict(retarget(c.scenario(), kernel.series().profile().name()));
                if (predicted.steps().isEmpty() && predicted.divergence().isPresent()) {
                    Step h = predicted.divergence().get();
                    outcomes.add(notRun(c, kernel, "its header does not describe the device: " + h.statement()
                            + ", impl/ has " + h.actual()));
                    continue;
                }
                byMode.computeIfAbsent(mode.get(), k -> new ArrayList<>())
                        .add(new Planned(String.format("s%04d", ++programs), c, predicted));
            } catch (ReplayException e) {
                outcomes.add(notRun(c, kernel, "impl/ cannot set it up: " + e.format(c.file().toString())));
            }
        }
        for (Map.Entry<String, List<Planned>> mode : byMode.entrySet()) {
            List<Planned> planned = mode.getValue();
            Map<String, String> sources = new LinkedHashMap<>();
            planned.forEach(p -> sources.put(p.id(), CProgram.of(p.c().scenario(), p.c().file().toString())));
            progress.println("linux " + kernel.series() + ", batch_mapping=" + mode.getKey() + ": compiling "
                    + planned.size() + " programs");
            progress.flush();
            Path initramfs = Programs.initramfs(sources, work.resolve(kernel.series() + "-batch_mapping-" + mode.getKey()));
            Duration bound = Duration.ofSeconds(60 + 2L * planned.size());
            Guest.Boot boot = Guest.boot(kernel.bzImage(), initramfs, "vdpa_sim.batch_mapping=" + mode.getKey(), bound);
            progress.printf("linux %s, batch_mapping=%s: guest ran %d programs in %.1f s%s%n", kernel.series(),
                    mode.getKey(), planned.size(), boot.seconds(), boot.killed() ? " and was killed at the bound" : "");
            progress.flush();
            Console console = new Console(boot.console());
            for (Planned p : planned) {
                outcomes.add(compare(p, console, boot, bound, kernel));
            }
        }
        return outcomes;
    }

    /**
     * vdpa_sim's batch_mapping as the guest's module parameter: "1" by default, "0" for dma_map.
     * The program sets RLIMIT_MEMLOCK and maps guest RAM itself.
     */
    private static Optional<String> mode(Trace t) {
        Map<String, String> options = new HashMap<>(t.options());
        options.remove(Trace.RLIMIT_MEMLOCK);
        options.remove(Trace.GUEST_RAM);
        String batch = options.remove("batch_mapping");
        if (!options.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(batch == null || Words.parse(batch) != 0 ? "1" : "0");
    }

    /** The scenario under the kernel's own profile, its results dropped: they were written for another. */
    private static TraceParser.Parsed retarget(TraceParser.Parsed p, String profile) {
        Trace t = p.trace();
        return new TraceParser.Parsed(new Trace(t.name(), profile, t.parent(), t.client(), t.asids(), t.groups(),
                t.options(), t.statements()), p.at(), p.headers(), p.statements());
    }

    private static Outcome notRun(Case c, KernelCache.Kernel kernel, String why) {
        return new Outcome(c.file(), c.scenario().at().line(), c.scenario().trace().name(), kernel.series(), List.of(),
                why, null, null);
    }

    private static Outcome compare(Planned p, Console console, Guest.Boot boot, Duration bound,
            KernelCache.Kernel kernel) {
        TraceParser.Parsed s = p.c().scenario();
        Map<Integer, Step> predicted = new HashMap<>();
        p.predicted().steps().forEach(step -> predicted.put(step.at().line(), step));
        List<Row> rows = new ArrayList<>();
        List<Statement> statements = s.trace().statements();
        for (int i = 0; i < statements.size(); i++) {
            Statement st = statements.get(i);
            int line = s.statements().get(i).line();
            Step step = predicted.get(line);
            if (st instanceof Statement.Comment || step == null) {
                continue;
            }
            String text = TracePrinter.line(st instanceof Statement.Op op
                    ? new Statement.Op(op.verb(), op.words(), null) : st);
            Optional<StepLine> returned = console.step(p.id(), line);
            if (returned.isEmpty()) {
                rows.add(new Row(line, text, step.actual(), "no answer", Row.Verdict.DISAGREE));
            } else if (returned.get().kind() == StepLine.Kind.NA) {
                rows.add(new Row(line, text, step.actual(), "not observable: " + returned.get().why(),
                        Row.Verdict.NOT_OBSERVABLE));
            } else {
                String r = render(st, returned.get());
                rows.add(new Row(line, text, step.actual(), r,
                        r.equals(step.actual()) ? Row.Verdict.AGREE : Row.Verdict.DISAGREE));
            }
        }
        return new Outcome(p.c().file(), s.at().line(), s.trace().name(), kernel.series(), rows, null,
                problem(console.exit(p.id()), boot, bound), console.note(p.id()).orElse(null));
    }

    private static String problem(Optional<Integer> exit, Guest.Boot boot, Duration bound) {
        if (exit.isEmpty()) {
            return boot.killed() ? "the guest hung and was killed after " + bound.toSeconds() + " s before this program ended"
                    : "the guest never saw this program end";
        }
        if (exit.get() == 124 || exit.get() == 143) {
            return "a syscall hung: the guest killed the program after " + PROGRAM_BOUND_SECONDS + " s";
        }
        return exit.get() == 0 ? null : "the program exited with status " + exit.get();
    }

    /** What the kernel returned, in replay's spelling for the statement, so it compares with impl/'s. */
    static String render(Statement st, StepLine r) {
        return switch (r.kind()) {
            case RET -> Answers.ret(r.value());
            case WRITE -> Answers.written(r.value());
            case GET -> {
                // An expectation is read by the GET its first word names (expect status: GET_STATUS).
                String verb = st instanceof Statement.Op op ? op.verb() : ((Statement.Expect) st).words().get(0);
                yield switch (verb) {
                    case "get_backend_features" -> Answers.features(r.value());
                    case "get_status", "status" -> Answers.status((int) r.value());
                    case "get_vring_group", "get_vring_desc_group", "as_num", "group_num", "vqs_count", "device_id",
                            "vring_num" ->
                            Long.toUnsignedString(r.value());
                    case "iova_range" -> Answers.hex(r.value()) + " " + Answers.hex(r.second());
                    default -> Answers.hex(r.value());
                };
            }
            case NA -> "not observable: " + r.why();
        };
    }
}
