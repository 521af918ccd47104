package org.vdpacheck.tool.qemu;

import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.tool.trace.Statement;

/** Where a log's statements go as they are made: a printer, or a replay. */
public interface Sink {
    /** @param at the log line the statement comes from (column 1) */
    void step(Statement s, Position at) throws QemuLogException;
}
