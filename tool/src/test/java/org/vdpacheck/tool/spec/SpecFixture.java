package org.vdpacheck.tool.spec;

import java.nio.file.Path;
import java.util.List;

import org.vdpacheck.tool.alloy.Checker;
import org.vdpacheck.tool.alloy.Spec;
import org.vdpacheck.tool.alloy.SpecError;
import org.vdpacheck.tool.audit.Bounds;
import org.vdpacheck.tool.alloy.Cell;

/** The bundled spec and its test mutants, loaded once per test class, checked at the default bound. */
final class SpecFixture {
    static final Path SPEC = Path.of("..", "spec", "vdpacheck.als");
    static final Path MUTANTS = Path.of("..", "spec", "mutants", "mutants.als");

    private final Checker base;
    private final Checker mutants;

    SpecFixture() throws SpecError {
        Spec spec = Spec.load(SPEC);
        List<String> assertions = spec.assertions();
        this.base = new Checker(spec, Bounds.DEFAULT_SOLVER);
        this.mutants = new Checker(Spec.loadProposal(MUTANTS, assertions), Bounds.DEFAULT_SOLVER);
    }

    boolean holds(String assertion, String kernel, String parent, String client) throws SpecError {
        return check(base, assertion, new Cell(kernel, parent, client));
    }

    boolean holdsOnMutant(String assertion, String kernel, String parent, String client) throws SpecError {
        return check(mutants, assertion, new Cell(kernel, parent, client));
    }

    private static boolean check(Checker c, String assertion, Cell cell) throws SpecError {
        return c.counterexample(assertion, cell, Bounds.DEFAULT_STEPS, Bounds.DEFAULT_RANGES).isEmpty();
    }
}
