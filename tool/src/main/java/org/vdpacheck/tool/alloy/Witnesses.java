package org.vdpacheck.tool.alloy;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.alloy4.Pos;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.ast.ExprList;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;
import kodkod.engine.TemporalPardinusSolver;

/**
 * Every static configuration of a spec that some trace satisfies, each with its shortest trace.
 *
 * <p>Configurations are enumerated one trace length at a time, shortest first: Pardinus's
 * {@code fork(-1)} ("new config") blocks each configuration it returned and solves again at the
 * same length. So configurations come out in the order of their shortest traces, each with one.
 * Each length is a command of its own rather than one {@code 1..steps} command: Pardinus would
 * go on to the next length by itself, but it could not be told what the caller has learnt
 * meanwhile, so every configuration the caller no longer wants is excluded from the next
 * length's problem. The generator makes its coverage goals static relations, which turns "a
 * shortest witness for each goal" into one enumeration.
 */
public final class Witnesses {
    /**
     * A4Solution.kEnumerator, the iterator its Peeker wraps, and Pardinus's
     * SolutionIterator.previousSols; null where this Alloy has not got them.
     */
    private static final Field ENUMERATOR = field(A4Solution.class, "kEnumerator");
    private static final Field PEEKED = field(A4Solution.class.getName() + "$Peeker", "iterator");
    private static final Field BLOCKED = field(TemporalPardinusSolver.class.getName() + "$SolutionIterator",
            "previousSols");

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
         * The configurations the next trace length need not look for, each as the atom every one of
         * some unary expressions equals ("Pick.ev" → "Update").
         */
        List<Map<String, String>> unwanted();
    }

    /** Enumerates the configurations of {@code formula} (over the spec's facts) within {@code steps} states. */
    public void enumerate(String formula, int steps, int ranges, Sink sink) throws SpecError {
        Expr wanted = spec.parse(formula);
        for (int length = 1; length <= steps; length++) {
            Expr f = wanted.and(excluded(sink.unwanted()));
            A4Solution sol = TranslateAlloyToKodkod.execute_command(A4Reporter.NOP,
                    spec.world().getAllReachableSigs(), spec.command(f, length, length, ranges), options);
            while (sol.satisfiable()) {
                if (!sink.accept(sol)) {
                    return;
                }
                sol = sol.fork(-1);
                forgetBlocked(sol);
            }
        }
    }

    /**
     * Pardinus keeps every instance it blocked, all states of each, to replay them into the
     * translation of a longer trace; a command of one length never gets one. Kept, they grew to
     * 800 MB within a length, and copying them from collection to collection made a sixth of
     * generation's time. Alloy 6.2.0's private fields: where another build has not got them the
     * instances are kept, which costs memory, not correctness.
     */
    private static void forgetBlocked(A4Solution sol) {
        if (ENUMERATOR == null || PEEKED == null || BLOCKED == null) {
            return;
        }
        try {
            Object peeker = ENUMERATOR.get(sol);
            Object iterator = PEEKED.getDeclaringClass().isInstance(peeker) ? PEEKED.get(peeker) : null;
            if (BLOCKED.getDeclaringClass().isInstance(iterator)) {
                ((List<?>) BLOCKED.get(iterator)).clear();
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(String owner, String name) {
        try {
            return field(Class.forName(owner), name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * None of these configurations, as one flat conjunction: a chain of binary ands a few thousand
     * deep would recurse as deep in Alloy's type checker and translator.
     */
    private Expr excluded(List<Map<String, String>> configurations) throws SpecError {
        List<Expr> none = new ArrayList<>();
        for (Map<String, String> c : configurations) {
            List<Expr> equal = new ArrayList<>();
            for (Map.Entry<String, String> e : c.entrySet()) {
                equal.add(expr(e.getKey()).equal(expr(e.getValue())));
            }
            none.add(ExprList.make(Pos.UNKNOWN, Pos.UNKNOWN, ExprList.Op.AND, equal).not());
        }
        return ExprList.make(Pos.UNKNOWN, Pos.UNKNOWN, ExprList.Op.AND, none);
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
