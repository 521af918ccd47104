package org.vdpacheck.tool.audit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import edu.mit.csail.sdg.alloy4.Version;
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
     * (in the worker that needs it), so a warm audit never starts Alloy.
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
            List<Future<Verdict>> futures = new ArrayList<>();
            for (Task t : tasks) {
                String key = ResultCache.key(specHash, bounds, alloyVersion(), t.assertion(), t.cell());
                futures.add(pool.submit(() -> {
                    Verdict v = cache.get(key, t.cell(), t.assertion()).orElse(null);
                    if (v == null) {
                        v = workers.get().check(t);
                        cache.put(key, v);
                    }
                    done.incrementAndGet();
                    return v;
                }));
            }
            List<Verdict> out = new ArrayList<>();
            for (Future<Verdict> f : futures) {
                out.add(f.get());
            }
            return out;
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

    /** A worker's own parse of the spec, its checker and its trace extractor. */
    private static final class Worker {
        private final Spec spec;
        private final Checker checker;
        private final TraceExtractor extractor;
        private final Bounds bounds;

        Worker(SpecSource source, Bounds bounds) {
            try {
                this.spec = source.load();
            } catch (SpecError e) {
                throw new WorkerError(e);
            }
            this.checker = new Checker(spec, bounds.solver());
            this.extractor = new TraceExtractor(spec);
            this.bounds = bounds;
        }

        Verdict check(Task t) {
            try {
                Cell c = t.cell();
                Checker.Outcome o = checker.check(t.assertion(), c.formula(), bounds.steps(), bounds.ranges());
                if (o.holds()) {
                    return new Verdict(c, t.assertion(), true, 0, null);
                }
                String name = t.assertion() + ": " + c;
                return new Verdict(c, t.assertion(), false, o.counterexample().getTraceLength(), TracePrinter.print(
                        extractor.extract(o.counterexample(), name, c.kernel(), c.parent(), c.client())));
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
