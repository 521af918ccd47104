package org.vdpacheck.tool.alloy;

import java.util.List;

import kodkod.engine.satlab.SATFactory;

/**
 * The SAT solvers this platform has. Looking one up extracts and loads the native solvers from
 * the Alloy jar; two threads doing that at once map a library while the other writes it (the JVM
 * died of SIGBUS in ld.so), so every lookup goes through here, one at a time.
 */
final class Solvers {
    private Solvers() {
    }

    static synchronized SATFactory find(String id) {
        return SATFactory.find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown solver " + id + " (have: " + String.join(", ", ids()) + ")"));
    }

    static synchronized List<String> ids() {
        return SATFactory.getSolvers().stream().map(SATFactory::id).toList();
    }
}
