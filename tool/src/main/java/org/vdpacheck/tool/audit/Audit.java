package org.vdpacheck.tool.audit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import edu.mit.csail.sdg.alloy4.Version;
import edu.mit.csail.sdg.translator.A4Solution;
import org.vdpacheck.tool.alloy.Cell;
import org.vdpacheck.tool.alloy.Checker;
import org.vdpacheck.tool.alloy.Spec;
import org.vdpacheck.tool.alloy.SpecError;
import org.vdpacheck.tool.alloy.TraceExtractor;
import org.vdpacheck.tool.trace.TracePrinter;

/**
 * Runs every relevant assertion in every cell of the matrix: the kernel's own invariants under
 * any userspace, and each client's belief under that client. Cells run in parallel, one
 * parsed spec per worker; results come back in plan order whatever the timing, so the report is
 * byte-stable.
 */
public final class Audit {
    /** Assertions about what a particular client believes; the rest hold for any userspace. */
    public static final Set<String> CLIENT_ASSERTIONS = Set.of("NoFaultForCorrectPair");
    public static final String ANY = "AnyClient";

    public record Task(Cell cell, String assertion) {
    }

    /** How a worker gets its own parse of the spec (the bundled one, or a proposal). */
    @FunctionalInterface
    public interface SpecSource {
        Spec load() throws SpecError;
    }

    private final SpecSource source;
    private final Bounds bounds;
    private final int jobs;
    private final ResultCache cache;
    private final PrintStream progress;

    public Audit(SpecSource source, Bounds bounds, int jobs, ResultCache cache, PrintStream progress) {
        this.source = source;
        this.bounds = bounds;
        this.jobs = jobs;
        this.cache = cache;
        this.progress = progress;
    }

    public static String alloyVersion() {
        return Version.version() + " " + Version.commit;
    }

    /** The checks the spec asks for: every kernel × parent, with AnyClient or each client. */
    public static List<Task> plan(Spec spec) {
        List<Task> tasks = new ArrayList<>();
        for (String assertion : spec.assertions()) {
            for (String client : spec.atoms("Client")) {
                if (client.equals(ANY) == CLIENT_ASSERTIONS.contains(assertion)) {
                    continue;
                }
                for (String kernel : spec.atoms("Kernel")) {
                    for (String parent : spec.atoms("Parent")) {
                        tasks.add(new Task(new Cell(kernel, parent, client), assertion));
                    }
                }
            }
        }
        return tasks;
    }

    /** The assertions a plan covers, in plan order. */
    public static List<String> assertions(List<Task> plan) {
        return plan.stream().map(Task::assertion).distinct().toList();
    }

    /**
     * The verdict of each task, from the cache where it has one; only a miss parses the spec
     * (in the worker that needs it), so a warm audit never starts Alloy. Tasks are decided in
     * groups, one per assertion and client, each over all of its cells at once ({@link
     * Checker#refutations}); a group's counterexamples depend on which cells it holds, so a group
     * is cached under its whole cell list and answered from the cache only as a whole.
     */
    public List<Verdict> run(String specHash, List<Task> tasks) throws SpecError {
        ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(source, bounds));
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "vdpacheck-check");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        Progress bar = new Progress(progress, tasks.size(), done);
        try {
            Map<Task, Verdict> verdicts = new ConcurrentHashMap<>();
            List<Future<?>> deciding = new ArrayList<>();
            for (List<Task> group : groups(tasks)) {
                List<String> keys = group.stream().map(t -> key(specHash, t, group)).toList();
                List<Verdict> cached = new ArrayList<>();
                for (int i = 0; i < group.size(); i++) {
                    cache.get(keys.get(i), group.get(i).cell(), group.get(i).assertion()).ifPresent(cached::add);
                }
                if (cached.size() == group.size()) {
                    cached.forEach(v -> verdicts.put(new Task(v.cell(), v.assertion()), v));
                    done.addAndGet(group.size());
                    continue;
                }
                deciding.add(pool.submit(() -> {
                    List<Verdict> vs = workers.get().decide(group);
                    for (int i = 0; i < group.size(); i++) {
                        cache.put(keys.get(i), vs.get(i));
                        verdicts.put(group.get(i), vs.get(i));
                    }
                    done.addAndGet(group.size());
                    return null;
                }));
            }
            for (Future<?> f : deciding) {
                f.get();
            }
            return tasks.stream().map(verdicts::get).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("audit interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WorkerError w) {
                throw w.error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            bar.close();
        }
    }

    /** The tasks of one assertion and one client, cells in plan order; groups in plan order. */
    private static List<List<Task>> groups(List<Task> tasks) {
        Map<String, List<Task>> groups = new LinkedHashMap<>();
        for (Task t : tasks) {
            groups.computeIfAbsent(t.assertion() + " " + t.cell().client(), k -> new ArrayList<>()).add(t);
        }
        return List.copyOf(groups.values());
    }

    private String key(String specHash, Task t, List<Task> group) {
        String cells = String.join(";", group.stream().map(g -> g.cell().formula()).toList());
        return ResultCache.key(specHash, bounds, alloyVersion(), t.assertion(), t.cell(), cells);
    }

    /** A worker's own parse of the spec, its checker and its trace extractor. */
    private static final class Worker {
        private final Checker checker;
        private final TraceExtractor extractor;
        private final Bounds bounds;

        Worker(SpecSource source, Bounds bounds) {
            try {
                Spec spec = source.load();
                this.checker = new Checker(spec, bounds.solver());
                this.extractor = new TraceExtractor(spec);
            } catch (SpecError e) {
                throw new WorkerError(e);
            }
            this.bounds = bounds;
        }

        /** The verdicts of one group (one assertion, one client), in the group's order. */
        List<Verdict> decide(List<Task> group) {
            try {
                String assertion = group.get(0).assertion();
                Map<Cell, A4Solution> refuted = checker.refutations(assertion,
                        group.stream().map(Task::cell).toList(), bounds.steps(), bounds.ranges());
                List<Verdict> out = new ArrayList<>();
                for (Task t : group) {
                    A4Solution sol = refuted.get(t.cell());
                    Cell c = t.cell();
                    out.add(sol == null ? new Verdict(c, assertion, true, 0, null)
                            : new Verdict(c, assertion, false, sol.getTraceLength(), TracePrinter.print(
                                    extractor.extract(sol, assertion + ": " + c, c.kernel(), c.parent(), c.client()))));
                }
                return out;
            } catch (SpecError e) {
                throw new WorkerError(e);
            }
        }
    }

    private static final class WorkerError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SpecError error;

        WorkerError(SpecError error) {
            super(error.getMessage());
            this.error = error;
        }
    }
}
