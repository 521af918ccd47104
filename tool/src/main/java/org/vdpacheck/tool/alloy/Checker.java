package org.vdpacheck.tool.alloy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.ast.ExprConstant;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;

/**
 * Checks assertions within cells of the spec (kernel, parent and client fixed) at a bound, and
 * finds the shortest counterexample of each refuted one.
 *
 * <p>The checks of one assertion are decided together: one temporal problem asks for a trace, in
 * any of the cells still open, that refutes it. Pardinus solves it by bounded model checking
 * with the trace length raised one state at a time, so the trace it returns is as short as any
 * counterexample in any open cell: it is the shortest counterexample of its own cell. That cell is
 * set aside and the rest asked again from that length on, until the problem is unsatisfiable.
 * Leaving the cell open barely grows the translation (measured: 1.48 s for one cell, 1.46 s for
 * all twenty), so one solve per refuted cell plus one proof replaces one solve per cell. Several
 * assertions in one problem would not help: each is translated on its own, and every round would
 * pay for all of them.
 */
public final class Checker {
    private final Spec spec;
    private final A4Options options;

    public Checker(Spec spec, String solver) {
        this.spec = spec;
        this.options = Solvers.options(solver);
    }

    public static List<String> solverIds() {
        return Solvers.ids();
    }

    public static boolean hasSolver(String id) {
        return Solvers.has(id);
    }

    /**
     * The cells in which an assertion is refuted within {@code steps}, each with its shortest
     * counterexample; the cells missing from the map hold within the bound.
     */
    public Map<Cell, A4Solution> refutations(String assertion, List<Cell> cells, int steps, int ranges)
            throws SpecError {
        Expr config = spec.parse("Cfg.kernel -> Cfg.parent -> Run.client");
        Expr refuted = spec.assertionBody(assertion).not();
        Map<Cell, A4Solution> out = new LinkedHashMap<>();
        List<Cell> open = new ArrayList<>(cells);
        int least = 1;
        while (!open.isEmpty()) {
            Expr inOpenCell = config.in(spec.parse(String.join(" + ", open.stream().map(Cell::tuple).toList())));
            A4Solution sol = solve(inOpenCell.and(refuted), least, steps, ranges);
            if (!sol.satisfiable()) {
                break;
            }
            least = sol.getTraceLength();
            Cell at = cellOf(sol, config, open);
            out.put(at, sol);
            open.remove(at);
        }
        return out;
    }

    /** Some trace of the spec's facts alone, to evaluate what no trace changes (masks, offers). */
    public A4Solution anyTrace(int ranges) {
        A4Solution sol = solve(ExprConstant.TRUE, 1, 1, ranges);
        if (!sol.satisfiable()) {
            throw new IllegalStateException("the spec's facts have no trace of one state");
        }
        return sol;
    }

    public Optional<A4Solution> counterexample(String assertion, Cell cell, int steps, int ranges) throws SpecError {
        return Optional.ofNullable(refutations(assertion, List.of(cell), steps, ranges).get(cell));
    }

    private Cell cellOf(A4Solution sol, Expr config, List<Cell> open) throws SpecError {
        String at = sol.eval(config).toString();
        for (Cell c : open) {
            if (at.equals(sol.eval(spec.parse(c.tuple())).toString())) {
                return c;
            }
        }
        throw new IllegalStateException("the solver's trace is in none of the cells it was asked about: " + at);
    }

    /** The spec's facts and {@code formula}, over traces of {@code min..max} states. */
    private A4Solution solve(Expr formula, int min, int max, int ranges) {
        return TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, spec.world().getAllReachableSigs(),
                spec.command(formula, min, max, ranges), options);
    }
}
