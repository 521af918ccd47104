package org.vdpacheck.tool.alloy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;

/**
 * Every static configuration of a spec that some trace satisfies, each with its shortest trace.
 *
 * <p>Pardinus enumerates configurations ({@code fork(-1)}, "new config") by blocking each one it
 * returned and solving again at the same trace length; only when no configuration is left at
 * that length does it translate the next. So configurations come out in the order of their
 * shortest traces, each with one, and a length is translated once for all of them. The
 * generator makes its coverage goals static relations, which turns "a shortest witness for each
 * goal" into one enumeration.
 */
public final class Witnesses {
    private final Spec spec;
    private final A4Options options;
    private final Map<String, Expr> exprs = new HashMap<>();

    public Witnesses(Spec spec, String solver) {
        this.spec = spec;
        this.options = Solvers.options(solver);
    }

    /** What to do with each witness; false stops the enumeration (a deadline passed). */
    @FunctionalInterface
    public interface Sink {
        boolean accept(A4Solution witness) throws SpecError;
    }

    /** Enumerates the configurations of {@code formula} (over the spec's facts) within {@code steps} states. */
    public void enumerate(String formula, int steps, int ranges, Sink sink) throws SpecError {
        A4Solution sol = TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, spec.world().getAllReachableSigs(),
                spec.command(spec.parse(formula), 1, steps, ranges), options);
        while (sol.satisfiable() && sink.accept(sol)) {
            sol = sol.fork(-1);
        }
    }

    /** The atoms of a unary expression in a state of a solution, by simple name ("Open", "Range$1"). */
    public List<String> atoms(A4Solution sol, String expr, int state) throws SpecError {
        Expr e = exprs.get(expr);
        if (e == null) {
            e = spec.parse(expr);
            exprs.put(expr, e);
        }
        List<String> out = new ArrayList<>();
        for (A4Tuple tuple : (Iterable<A4Tuple>) sol.eval(e, state)) {
            out.add(TraceExtractor.simple(tuple.atom(0)));
        }
        return out;
    }
}
