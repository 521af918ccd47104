package org.vdpacheck.tool.alloy;

/** A spec or proposal that does not parse or typecheck, reported as FILE:LINE:COLUMN. */
public final class SpecError extends Exception {
    private static final long serialVersionUID = 1L;

    public SpecError(String message) {
        super(message);
    }
}
