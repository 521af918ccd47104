package org.vdpacheck.tool.trace;

/** Where something stands in a file: 1-based line and column, as errors report it. */
public record Position(int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
