package org.vdpacheck.tool.alloy;

import java.util.List;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;
import kodkod.engine.satlab.SATFactory;

/**
 * Checks one assertion within one cell of the spec (a formula fixing kernel, parent and
 * client) at a bound, and finds the shortest counterexample when there is one.
 */
public final class Checker {
    private final Spec spec;
    private final A4Options options = new A4Options();

    public Checker(Spec spec, String solver) {
        this.spec = spec;
        options.solver = SATFactory.find(solver).orElseThrow(() -> new IllegalArgumentException(
                "unknown solver " + solver + " (have: " + String.join(", ", solverIds()) + ")"));
        options.noOverflow = true;
    }

    public static List<String> solverIds() {
        return SATFactory.getSolvers().stream().map(SATFactory::id).toList();
    }

    /** The verdict, and for a refutation the solution of the fewest steps. */
    public record Outcome(boolean holds, A4Solution counterexample) {
    }

    public Outcome check(String assertion, String cellFormula, int steps, int ranges) throws SpecError {
        Command base = spec.checkCommand(assertion);
        Expr cell = spec.parse(cellFormula);
        Command c = base.change(base.formula.and(cell)).change(spec.sig("Range"), false, ranges);
        A4Solution sol = execute(withSteps(c, steps));
        if (!sol.satisfiable()) {
            return new Outcome(true, null);
        }
        // Already the shortest counterexample: Pardinus solves a temporal command by bounded model
        // checking with the trace length raised one state at a time from the least the command
        // allows, and stops at the first satisfiable length (measured: one solve callback per
        // length, the witness at the first SAT one), so no shorter bound needs to be tried.
        return new Outcome(false, sol);
    }

    private A4Solution execute(Command c) {
        return TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, spec.world().getAllReachableSigs(), c, options);
    }

    private static Command withSteps(Command c, int steps) {
        return new Command(c.pos, c.nameExpr, c.label, c.check, c.overall, c.bitwidth, c.maxseq, 1, steps,
                c.expects, c.scope, c.additionalExactScopes, c.commandKeyword, c.formula, c.parent);
    }
}
