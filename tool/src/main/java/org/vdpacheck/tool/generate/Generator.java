package org.vdpacheck.tool.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import edu.mit.csail.sdg.translator.A4Solution;
import org.vdpacheck.tool.alloy.Spec;
import org.vdpacheck.tool.alloy.SpecError;
import org.vdpacheck.tool.alloy.TraceExtractor;
import org.vdpacheck.tool.alloy.Witnesses;
import org.vdpacheck.tool.audit.Bounds;
import org.vdpacheck.tool.audit.ResultCache;
import org.vdpacheck.tool.audit.Verdict;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.Trace;

/**
 * Finds the shortest witness of every coverage goal of a spec and merges the witnesses that are
 * the same behaviour. The kernels are split into {@link #PARTS} enumerations, run {@code jobs} at
 * a time: the split never depends on {@code jobs}, so neither does the output.
 */
public final class Generator {
    /** Where the solver's goal module pretends to live: beside the spec, which it opens. */
    private static final String MODULE = ".generate.als";
    /**
     * Translation is much of an enumeration's time and does not grow with the kernels it covers:
     * one enumeration of every kernel took 51 s here, two halves side by side 44 s, one per kernel
     * 55 s on 2 cores.
     */
    private static final int PARTS = 2;
    /**
     * The deepest witness of any goal has 6 states; at 7 none more is reached (the same files
     * but their headers), and the seventh length's command only proves it, for about 2 s.
     */
    public static final int DEFAULT_STEPS = 6;

    public enum Status { COVERED, UNREACHABLE, TIMED_OUT }

    /** One distinct behaviour: its trace, and every goal it is the shortest witness of, in goal order. */
    public record Test(Trace trace, List<Goal> goals) {
    }

    /**
     * A client cell: the audit's verdict, the backend features the spec's client acks there, and
     * how client.als describes that client's life there ({@code probes}, {@code mapsInStart},
     * {@code probeMayFollowMaps}, {@code remaps}, {@code shadowsCvq}, {@code skipsAckDriver}).
     */
    public record ClientCell(Verdict verdict, String acked, boolean probes, boolean mapsInStart,
            boolean mapsBeforeProbe, boolean remaps, boolean shadowsCvq, boolean skipsAckDriver) {
    }

    /** Every goal with what became of it, the tests, and each client cell. */
    public record Result(Map<Goal, Status> goals, List<Test> tests, List<ClientCell> clientCells) {
    }

    private final Path specFile;
    private final Bounds bounds;
    private final int jobs;
    private final long deadline;
    private final ResultCache cache;

    /**
     * {@code seconds}: how long the search may take, or 0 for no limit (timeouts make output
     * vary); {@code cache}: the audit's verdicts, shared with {@code audit}.
     */
    public Generator(Path specFile, Bounds bounds, int jobs, long seconds, ResultCache cache) {
        this.specFile = specFile;
        this.bounds = bounds;
        this.jobs = jobs;
        this.deadline = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
        this.cache = cache;
    }

    public Result run() throws SpecError {
        Spec spec = Spec.load(specFile);
        GoalSpace space = GoalSpace.of(spec);
        String module = space.module(bounds.ranges());
        Map<Goal, Trace> witnesses = new ConcurrentHashMap<>();
        Map<String, Boolean> finished = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "vdpacheck-generate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int part = 0; part < PARTS; part++) {
                List<String> kernels = new ArrayList<>();
                for (int i = part; i < space.kernels.size(); i += PARTS) {
                    kernels.add(space.kernels.get(i));
                }
                runs.add(pool.submit(() -> {
                    boolean complete = search(module, kernels, witnesses);
                    kernels.forEach(k -> finished.put(k, complete));
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("generation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SpecError s) {
                throw s;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Map<Goal, Status> status = new LinkedHashMap<>();
        for (Goal g : space.goals()) {
            status.put(g, witnesses.containsKey(g) ? Status.COVERED
                    : finished.get(g.kernel()) ? Status.UNREACHABLE : Status.TIMED_OUT);
        }
        // The client cells at the audit's own bound, so they carry its verdicts (and share its cache).
        List<ClientCell> cells = ClientCells.decide(spec, () -> Spec.load(specFile),
                new Bounds(Bounds.DEFAULT_STEPS, bounds.ranges(), bounds.solver()), jobs, cache);
        return new Result(status, merge(status, witnesses), cells);
    }

    /**
     * The witnesses of some kernels' goals; false if the deadline cut the search short. Witnesses
     * come shortest first, so a goal a witness reaches that has none yet has no shorter one: the
     * witness is kept if it is the first to reach any of the goals its last event reaches.
     */
    private boolean search(String module, List<String> kernels, Map<Goal, Trace> witnesses) throws SpecError {
        Spec spec = Spec.loadModule(specFile, MODULE, module);
        Witnesses w = new Witnesses(spec, bounds.solver());
        TraceExtractor extractor = new TraceExtractor(spec);
        // The choices of these kernels' goals in the order they were covered (witnesses, shared
        // and unordered, would make each length's problem, and so its witnesses, vary between runs).
        List<Map<String, String>> covered = new ArrayList<>();
        boolean[] complete = {true};
        IntFunction<String> formula = length -> GoalSpace.formula(kernels, length);
        w.enumerate(formula, GoalSpace.SHORTEST, bounds.steps(), bounds.ranges(), new Witnesses.Sink() {
            @Override
            public boolean accept(A4Solution sol) throws SpecError {
                List<Goal> reached = new ArrayList<>();
                for (Goal g : GoalSpace.reached(w, sol)) {
                    if (!witnesses.containsKey(g) && !reached.contains(g)) {
                        reached.add(g);
                    }
                }
                if (!reached.isEmpty()) {
                    Goal first = reached.get(0);
                    Trace t = extractor.witness(sol, first.describe(), first.kernel(), first.parent(),
                            GoalSpace.writing(w, sol, first));
                    reached.forEach(g -> {
                        witnesses.put(g, t);
                        covered.add(GoalSpace.choice(g));
                    });
                }
                complete[0] = System.nanoTime() < deadline;
                return complete[0];
            }

            /** A goal with a witness needs no other: its choice is left out from then on. */
            @Override
            public List<Map<String, String>> unwanted() {
                return Collections.unmodifiableList(covered);
            }
        });
        return complete[0];
    }

    /** One test per distinct behaviour (header and statements), named after its first goal. */
    private static List<Test> merge(Map<Goal, Status> status, Map<Goal, Trace> witnesses) {
        Map<List<Object>, List<Goal>> byBehaviour = new LinkedHashMap<>();
        Map<List<Object>, Trace> first = new HashMap<>();
        for (Goal g : status.keySet()) {
            Trace t = witnesses.get(g);
            if (t != null) {
                List<Object> key = List.of(t.kernel(), t.parent(), t.options(), t.statements());
                byBehaviour.computeIfAbsent(key, k -> new ArrayList<>()).add(g);
                first.putIfAbsent(key, t);
            }
        }
        List<Test> tests = new ArrayList<>();
        byBehaviour.forEach((key, goals) -> {
            Trace t = first.get(key);
            List<Statement> body = new ArrayList<>();
            goals.forEach(g -> body.add(new Statement.Comment("goal: " + g.describe())));
            body.addAll(t.statements());
            tests.add(new Test(new Trace(goals.get(0).describe(), t.kernel(), t.parent(), null, null, null,
                    t.options(), body), goals));
        });
        return tests;
    }
}
