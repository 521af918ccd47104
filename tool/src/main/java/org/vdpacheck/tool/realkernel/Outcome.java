package org.vdpacheck.tool.realkernel;

import java.nio.file.Path;
import java.util.List;

/**
 * One scenario on one kernel: its rows, or why it was not run ({@code notRun}, then no rows), and
 * what went wrong around it ({@code problem}: a program that did not finish, a hung guest), which
 * makes every row without an answer a disagreement. {@code note}: what the program could not lay out
 * as replay does (guest RAM in 4 KiB pages), shown beside the rows.
 */
public record Outcome(Path file, int at, String name, KernelSeries kernel, List<Row> rows, String notRun,
        String problem, String note) {
    public Outcome {
        rows = List.copyOf(rows);
    }

    public long count(Row.Verdict v) {
        return rows.stream().filter(r -> r.verdict() == v).count();
    }

    public boolean agrees() {
        return notRun == null && problem == null && count(Row.Verdict.DISAGREE) == 0;
    }
}
