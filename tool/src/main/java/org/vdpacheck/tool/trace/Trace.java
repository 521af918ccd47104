package org.vdpacheck.tool.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A scenario in the trace language (trace-format.md): a counterexample, a generated test and a
 * replayed log are all one of these. Options keep their order, so printing is stable. {@code
 * client}, {@code asids} and {@code groups} are null when the header does not give them.
 */
public record Trace(String name, String kernel, String parent, String client, Integer asids, Integer groups,
        Map<String, String> options, List<Statement> statements) {
    /**
     * The header option for the process's RLIMIT_MEMLOCK, in bytes, which the PA path checks the
     * pages it pins against: an extension of trace-format.md, whose options are the parent's.
     */
    public static final String RLIMIT_MEMLOCK = "rlimit_memlock";

    public Trace {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        statements = List.copyOf(statements);
    }

    /** The header's RLIMIT_MEMLOCK in bytes, if it sets one (the parser checked it is a number). */
    public OptionalLong rlimitMemlock() {
        String v = options.get(RLIMIT_MEMLOCK);
        if (v == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseUnsignedLong(v));
    }
}
