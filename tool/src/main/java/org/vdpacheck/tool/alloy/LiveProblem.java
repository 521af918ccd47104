package org.vdpacheck.tool.alloy;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import edu.mit.csail.sdg.translator.A4Solution;
import kodkod.ast.Relation;
import kodkod.engine.TemporalPardinusSolver;
import kodkod.engine.fol2sat.Translation;
import kodkod.instance.Tuple;
import kodkod.instance.TupleSet;
import kodkod.util.ints.IntIterator;
import kodkod.util.ints.IntSet;

/**
 * The SAT problem behind a Pardinus enumeration, for the two things its API cannot be asked:
 * to forget the instances it blocked, and to leave out configurations the caller no longer wants.
 * Reached through private fields of Alloy 6.2.0 (the version the build pins), and refused with a
 * message where a build has not got them.
 */
final class LiveProblem {
    /** A4Solution.kEnumerator, and the iterator its Peeker wraps. */
    private static final Field ENUMERATOR = field(A4Solution.class, "kEnumerator");
    private static final Field PEEKED = field(A4Solution.class.getName() + "$Peeker", "iterator");
    private static final String ITERATOR = TemporalPardinusSolver.class.getName() + "$SolutionIterator";
    /** Pardinus's SolutionIterator.previousSols and .translation (the current length's problem). */
    private static final Field BLOCKED = field(ITERATOR, "previousSols");
    private static final Field TRANSLATION = field(ITERATOR, "translation");

    /** The enumeration's SolutionIterator. */
    private final Object iterator;

    private LiveProblem(Object iterator) {
        this.iterator = iterator;
    }

    /** The problem of the enumeration a solution came from. */
    static LiveProblem of(A4Solution sol) {
        if (ENUMERATOR == null || PEEKED == null || BLOCKED == null || TRANSLATION == null) {
            throw new IllegalStateException("this Alloy build has not got the Pardinus internals vdpacheck "
                    + "generate needs (Alloy 6.2.0 has)");
        }
        Object peeker = get(ENUMERATOR, sol);
        Object it = PEEKED.getDeclaringClass().isInstance(peeker) ? get(PEEKED, peeker) : null;
        if (!BLOCKED.getDeclaringClass().isInstance(it)) {
            throw new IllegalStateException("not a temporal enumeration: " + it);
        }
        return new LiveProblem(it);
    }

    /**
     * Pardinus keeps every instance it blocked, all states of each, to replay them into the
     * translation of a longer trace; a command of one length never gets one. Kept, they grew to
     * 800 MB within a length, and copying them from collection to collection made a sixth of
     * generation's time.
     */
    void forgetBlocked() {
        ((List<?>) get(BLOCKED, iterator)).clear();
    }

    /**
     * Adds a clause to the current length's problem that no later solution has this configuration:
     * each unary one-sig field (by its name in the spec, "Cfg.kernel") equal to its atom ("V66").
     * Pardinus's {@code fork(-1)} blocks only the configuration it returned, so a goal another
     * witness reached on the way came back as a configuration of its own, a solver call for
     * nothing (700 of 4,100 calls). A configuration the bounds rule out needs no clause.
     */
    void block(Map<String, String> configuration) {
        Translation t = (Translation) get(TRANSLATION, iterator);
        if (t == null) {
            return; // the length is done: Pardinus dropped its problem on the last UNSAT
        }
        List<Integer> clause = new ArrayList<>();
        for (Map.Entry<String, String> e : configuration.entrySet()) {
            Relation r = relation(t, e.getKey());
            int index = index(t.bounds().upperBound(r), e.getValue());
            if (index < 0) {
                return;
            }
            if (!t.bounds().lowerBound(r).indexView().contains(index)) {
                clause.add(-variable(t, r, index));
            }
        }
        t.cnf().addClause(clause.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The static unary relation of a one-sig field: Alloy names it "module/path/Sig.field". */
    private static Relation relation(Translation t, String field) {
        for (Relation r : t.bounds().relations()) {
            if (!r.isVariable() && r.arity() == 1 && r.name().substring(r.name().lastIndexOf('/') + 1).equals(field)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no one-sig field " + field + " in the problem");
    }

    private static int index(TupleSet upper, String atom) {
        for (Tuple tuple : upper) {
            if (TraceExtractor.simple(tuple.atom(0).toString()).equals(atom)) {
                return tuple.index();
            }
        }
        return -1;
    }

    /**
     * Kodkod numbers a relation's primary variables from its first, one per tuple of its upper
     * bound not in its lower, in the tuples' index order (as Pardinus's own instanceToSat reads them).
     */
    private static int variable(Translation t, Relation r, int index) {
        IntSet lower = t.bounds().lowerBound(r).indexView();
        int variable = t.primaryVariables(r).min();
        for (IntIterator it = t.bounds().upperBound(r).indexView().iterator(); it.hasNext();) {
            int i = it.next();
            if (i == index) {
                return variable;
            }
            if (!lower.contains(i)) {
                variable++;
            }
        }
        throw new IllegalArgumentException("no tuple " + index + " in " + r);
    }

    private static Object get(Field f, Object owner) {
        try {
            return f.get(owner);
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
}
