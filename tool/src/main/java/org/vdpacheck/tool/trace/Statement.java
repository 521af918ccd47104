package org.vdpacheck.tool.trace;

import java.util.List;

/** One line of a scenario: an operation with its expected result, or an expectation on state. */
public sealed interface Statement {
    /**
     * An operation named after the uapi it models, its words as printed ({@code asid 0 iova
     * 0x1000 ...}), and the result userspace saw; null when recorded but not checked.
     */
    record Op(String verb, List<String> words, String result, String comment) implements Statement {
        public Op {
            words = List.copyOf(words);
        }

        public Op(String verb, List<String> words, String result) {
            this(verb, words, result, null);
        }

        /** {@code VERB bad_address}: see {@link BadAddress}. */
        public boolean badAddress() {
            return BadAddress.in(words);
        }

        /** {@code VERB vq N index_only}: see {@link IndexOnly}. */
        public boolean indexOnly() {
            return IndexOnly.in(words);
        }
    }

    /** {@code expect WHAT ...}: the state the model has at this point. */
    record Expect(List<String> words) implements Statement {
        public Expect {
            words = List.copyOf(words);
        }
    }

    /** A comment line, for what the language cannot say (e.g. why a step fails). */
    record Comment(String text) implements Statement {
    }
}
