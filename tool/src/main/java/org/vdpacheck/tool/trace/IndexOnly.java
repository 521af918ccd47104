package org.vdpacheck.tool.trace;

import java.util.List;

import org.vdpacheck.uapi.VhostIoctl;

/**
 * The tool's extension {@code VERB vq N index_only} ({@code set_group_asid group N index_only}):
 * the ring request's struct is readable only for its first field, the index, where the process's
 * memory ends 4 bytes into it.
 */
public final class IndexOnly {
    public static final String WORD = "index_only";

    private IndexOnly() {
    }

    /** Whether an operation's words end with {@code index_only}. */
    static boolean in(List<String> words) {
        return !words.isEmpty() && words.get(words.size() - 1).equals(WORD);
    }

    /** The ioctl a ring verb is. */
    public static VhostIoctl ioctl(String verb) {
        return BadAddress.ioctl(verb).orElseThrow(() -> new IllegalArgumentException(verb + " takes no " + WORD));
    }

    /** The index: the number after {@code vq} or {@code group}. */
    public static int index(List<String> words) {
        return Integer.decode(words.get(1));
    }
}
