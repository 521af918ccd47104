package org.vdpacheck.tool.alloy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;

/**
 * Every static configuration of a spec that some trace satisfies, each with its shortest trace.
 *
 * <p>Configurations are enumerated one trace length at a time, shortest first: Pardinus's
 * {@code fork(-1)} ("new config") blocks each configuration it returned and solves again at the
 * same length. So configurations come out in the order of their shortest traces, each with one.
 * Each length is a command of its own rather than one {@code 1..steps} command: Pardinus would
 * go on to the next length by itself, but it could not be told what the caller has learnt
 * meanwhile. Every configuration the caller no longer wants is left out as a clause of the
 * solver's problem ({@link LiveProblem}), not as a formula: at 4 states, excluding 1,700 of them
 * in the formula made 18,774 variables against 15,989, and a solver call 16 ms against 11-14.
 * The generator makes its coverage goals static relations, which turns "a shortest witness for
 * each goal" into one enumeration.
 */
public final class Witnesses {
    private final Spec spec;
    private final A4Options options;
    private final Map<String, Expr> exprs = new HashMap<>();

    public Witnesses(Spec spec, String solver) {
        this.spec = spec;
        this.options = Solvers.options(solver);
    }

    /** What to do with each witness, and which configurations are no longer wanted. */
    public interface Sink {
        /** Takes a witness; false stops the enumeration (a deadline passed). */
        boolean accept(A4Solution witness) throws SpecError;

        /**
         * The configurations no longer wanted, each as the atom every one of some one-sig fields
         * equals ("Pick.ev" → "Update"); a list that only grows, read after each witness.
         */
        List<Map<String, String>> unwanted();
    }

    /**
     * Enumerates the configurations of {@code formula} (over the spec's facts, at each length of
     * {@code shortest} to {@code longest} states).
     */
    public void enumerate(IntFunction<String> formula, int shortest, int longest, int ranges, Sink sink)
            throws SpecError {
        for (int length = shortest; length <= longest; length++) {
            A4Solution sol = TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, spec.world().getAllReachableSigs(),
                    spec.command(spec.parse(formula.apply(length)), length, length, ranges), options);
            // A length's first solution is found before anything can be left out of its problem.
            if (!sol.satisfiable()) {
                continue;
            }
            boolean wanted = !anyOf(sink.unwanted(), sol);
            // Every solution forked from this one shares its enumeration, hence its problem.
            LiveProblem live = LiveProblem.of(sol);
            int blocked = 0;
            while (sol.satisfiable()) {
                if (wanted && !sink.accept(sol)) {
                    return;
                }
                wanted = true;
                List<Map<String, String>> unwanted = sink.unwanted();
                for (; blocked < unwanted.size(); blocked++) {
                    live.block(unwanted.get(blocked));
                }
                sol = sol.fork(-1);
                live.forgetBlocked();
            }
        }
    }

    /** Whether the configuration of a solution is one of these. */
    private boolean anyOf(List<Map<String, String>> configurations, A4Solution sol) throws SpecError {
        Map<String, String> own = new HashMap<>();
        for (Map<String, String> c : configurations) {
            for (String field : c.keySet()) {
                if (!own.containsKey(field)) {
                    own.put(field, String.join(" ", atoms(sol, field, 0)));
                }
            }
            if (own.entrySet().containsAll(c.entrySet())) {
                return true;
            }
        }
        return false;
    }

    private Expr expr(String text) throws SpecError {
        Expr e = exprs.get(text);
        if (e == null) {
            e = spec.parse(text);
            exprs.put(text, e);
        }
        return e;
    }

    /** The atoms of a unary expression in a state of a solution, by simple name ("Open", "Range$1"). */
    public List<String> atoms(A4Solution sol, String expr, int state) throws SpecError {
        List<String> out = new ArrayList<>();
        for (A4Tuple tuple : (Iterable<A4Tuple>) sol.eval(expr(expr), state)) {
            out.add(TraceExtractor.simple(tuple.atom(0)));
        }
        return out;
    }
}
