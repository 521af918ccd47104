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
    /**
     * The header option for the size in bytes of the process's guest RAM, which then starts at
     * {@link #GUEST_RAM_BASE} and nothing else of the process is mapped, so an update may name
     * user memory the process does not have: an extension of trace-format.md, like {@link
     * #RLIMIT_MEMLOCK}. Without it, guest RAM covers every update's user range.
     */
    public static final String GUEST_RAM = "guest_ram";
    /** Where guest RAM starts: where QEMU-like guest RAM sits, and where the generator maps. */
    public static final long GUEST_RAM_BASE = 0x7f00_0000_0000L;
    /** Guest RAM is 2 MiB pages (a hugetlbfs memfd), so its size is a multiple of this. */
    public static final long HUGE_PAGE = 2L << 20;

    public Trace {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        statements = List.copyOf(statements);
    }

    /** The header's RLIMIT_MEMLOCK in bytes, if it sets one (the parser checked it is a number). */
    public OptionalLong rlimitMemlock() {
        return number(RLIMIT_MEMLOCK);
    }

    /** The header's guest RAM size in bytes, if it sets one (the parser checked it is one). */
    public OptionalLong guestRam() {
        return number(GUEST_RAM);
    }

    private OptionalLong number(String option) {
        String v = options.get(option);
        if (v == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseUnsignedLong(v));
    }
}
