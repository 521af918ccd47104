package org.vdpacheck.tool.alloy;

import java.util.List;

import edu.mit.csail.sdg.translator.A4Options;
import kodkod.engine.satlab.SATFactory;

/**
 * The SAT solvers this platform has. Looking one up extracts and loads the native solvers from
 * the Alloy jar; two threads doing that at once map a library while the other writes it (the JVM
 * died of SIGBUS in ld.so), so every lookup goes through here, one at a time.
 */
final class Solvers {
    private Solvers() {
    }

    /**
     * How every command is solved: with this solver, integers never overflowing, and without
     * Alloy's partial-instance inference (its Simplifier, which tightens bounds from the facts
     * before translating): on this spec it tightened nothing the solver could use (the cold audit
     * printed the same 360 verdicts and counterexamples, byte for byte, and generate the same
     * files) and took 59 % of the cold audit's time (112 s against 46 s) and 10 % of generation's.
     */
    static A4Options options(String solver) {
        A4Options options = new A4Options();
        options.solver = find(solver);
        options.noOverflow = true;
        options.inferPartialInstance = false;
        return options;
    }

    /**
     * Kodkod's find() probes every solver it knows for presence, and the plingeling probe leaves an
     * empty alloy-plingeling*.cnf in the temporary directory each time: sat4j, the default, is
     * pure Java and needs no probe.
     */
    static synchronized SATFactory find(String id) {
        if (id.equals(SATFactory.DEFAULT.id())) {
            return SATFactory.DEFAULT;
        }
        return SATFactory.find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown solver " + id + " (have: " + String.join(", ", ids()) + ")"));
    }

    static synchronized boolean has(String id) {
        return id.equals(SATFactory.DEFAULT.id()) || ids().contains(id);
    }

    static synchronized List<String> ids() {
        return SATFactory.getSolvers().stream().map(SATFactory::id).toList();
    }
}
