package org.vdpacheck.tool.replay;

import org.vdpacheck.tool.trace.Position;

/**
 * One replayed line: the statement as printed, what the trace expected (null: recorded, not
 * checked) and what impl/ answered. A step that does not match is a divergence.
 */
public record Step(Position at, String statement, String expected, String actual, boolean matches) {
    /** A step checked by comparing the trace's answer with impl's, both in canonical form. */
    static Step compare(Position at, String statement, String expected, String canonicalExpected, String actual) {
        return new Step(at, statement, expected, actual, canonicalExpected == null || canonicalExpected.equals(actual));
    }

    /** {@code expected X, impl returned Y}. */
    public String explanation() {
        return "expected " + expected + ", impl returned " + actual;
    }
}
