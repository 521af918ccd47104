package org.vdpacheck.tool.replay;

import org.vdpacheck.tool.trace.Position;

/**
 * A scenario that cannot be replayed as written: a kernel, parent or option impl/ does not have,
 * a value the uapi field cannot hold, or an fd operation before the process opened the device.
 * Bad input, not a divergence.
 */
public final class ReplayException extends Exception {
    private final Position at;

    public ReplayException(Position at, String message) {
        super(message);
        this.at = at;
    }

    public Position at() {
        return at;
    }

    /** {@code FILE:LINE:COLUMN: message}. */
    public String format(String file) {
        return file + ":" + at + ": " + getMessage();
    }
}
