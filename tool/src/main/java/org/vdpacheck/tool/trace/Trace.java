package org.vdpacheck.tool.trace;

import java.util.List;
import java.util.Map;

/**
 * A scenario in the trace language (trace-format.md): a counterexample, a generated test and a
 * replayed log are all one of these. Options keep their order, so printing is stable.
 */
public record Trace(String name, String kernel, String parent, String client, Map<String, String> options,
        List<Statement> statements) {
    public Trace {
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        statements = List.copyOf(statements);
    }
}
