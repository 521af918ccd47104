package org.vdpacheck.tool.trace;

import java.util.List;

/** Every error found in a {@code .vtrace} file, each as {@code FILE:LINE:COLUMN: message}. */
public final class TraceSyntaxException extends Exception {
    private final List<String> errors;

    public TraceSyntaxException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
