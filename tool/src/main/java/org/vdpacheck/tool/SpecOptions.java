package org.vdpacheck.tool;

import java.nio.file.Path;

import org.vdpacheck.tool.alloy.Checker;
import org.vdpacheck.tool.audit.Bounds;
import org.vdpacheck.tool.audit.ResultCache;

import picocli.CommandLine.Option;

/** What every model-checking command takes: which spec, how far to look, with what. */
final class SpecOptions {
    @Option(names = "--spec", paramLabel = "FILE",
            description = "The spec to check (default: spec/vdpacheck.als of this checkout).")
    Path spec;

    @Option(names = "--steps", paramLabel = "N",
            description = "States per trace, at most (default: " + Bounds.DEFAULT_STEPS + " for checks; generate: "
                    + "its own, see there).")
    Integer steps;

    /** What a command looks as far as when --steps is not given. */
    int defaultSteps = Bounds.DEFAULT_STEPS;

    @Option(names = "--scope", paramLabel = "N", defaultValue = "" + Bounds.DEFAULT_RANGES,
            description = "IOVA ranges (default: ${DEFAULT-VALUE}, the least with overlaps).")
    int ranges;

    @Option(names = "--solver", paramLabel = "ID", defaultValue = Bounds.DEFAULT_SOLVER,
            description = "SAT solver: sat4j, minisat, glucose, ... (default: ${DEFAULT-VALUE}).")
    String solver;

    @Option(names = "--jobs", paramLabel = "N", description = "Checks in parallel (default: the number of cores).")
    Integer jobs;

    @Option(names = "--no-cache", description = "Solve everything again; do not read or write the result cache.")
    boolean noCache;

    /** Why these options cannot run, or null. */
    String invalid() {
        if (!Checker.hasSolver(solver)) {
            return "vdpacheck: unknown solver " + solver + " (have: " + String.join(", ", Checker.solverIds()) + ")";
        }
        if (steps() < 1 || ranges < 1) {
            return "vdpacheck: --steps and --scope must be at least 1";
        }
        return null;
    }

    int steps() {
        return steps != null ? steps : defaultSteps;
    }

    /** spec/vdpacheck.als of this checkout. */
    static Path bundled() {
        return Path.of(System.getProperty("vdpacheck.home", "."), "spec", "vdpacheck.als");
    }

    Path specFile() {
        if (spec != null) {
            return spec;
        }
        return bundled();
    }

    Bounds bounds() {
        return new Bounds(steps(), ranges, solver);
    }

    ResultCache cache() {
        return noCache ? ResultCache.disabled() : ResultCache.standard();
    }

    int jobs() {
        return jobs != null && jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
    }
}
