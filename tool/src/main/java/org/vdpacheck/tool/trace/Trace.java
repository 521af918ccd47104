package org.vdpacheck.tool.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario in the trace language (trace-format.md): a counterexample, a generated test and a
 * replayed log are all one of these. Options keep their order, so printing is stable. {@code
 * client}, {@code asids} and {@code groups} are null when the header does not give them.
 */
public record Trace(String name, String kernel, String parent, String client, Integer asids, Integer groups,
        Map<String, String> options, List<Statement> statements) {
    /**
     * The header option for the owner's RLIMIT_MEMLOCK, in bytes, which the PA path checks the
     * pages it pins against: an extension of trace-format.md, whose options are the parent's.
     */
    public static final String RLIMIT_MEMLOCK = "rlimit_memlock";

    public Trace {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        statements = List.copyOf(statements);
    }
}
