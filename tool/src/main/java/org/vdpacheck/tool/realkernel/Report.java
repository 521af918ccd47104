package org.vdpacheck.tool.realkernel;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The run as text: per scenario and step, predicted, returned, and the verdict (with
 * {@code summary}, only the steps that disagree), then the agreement table per kernel and source.
 */
public final class Report {
    private Report() {
    }

    public static void scenario(Outcome o, boolean summary, PrintWriter out) {
        String head = o.file() + ":" + o.at() + ": \"" + o.name() + "\" on linux " + o.kernel() + ": ";
        if (o.notRun() != null) {
            if (!summary) {
                out.println(head + "not run: " + o.notRun());
            }
            return;
        }
        out.println(head + (o.agrees() ? "agrees" : "DISAGREES") + " (" + o.count(Row.Verdict.AGREE) + " agree, "
                + o.count(Row.Verdict.DISAGREE) + " disagree, " + o.count(Row.Verdict.NOT_OBSERVABLE)
                + " not observable)");
        if (o.problem() != null) {
            out.println("  problem: " + o.problem());
        }
        if (o.note() != null) {
            out.println("  note: " + o.note());
        }
        for (Row r : o.rows()) {
            if (summary && r.verdict() != Row.Verdict.DISAGREE) {
                continue;
            }
            String verdict = switch (r.verdict()) {
                case AGREE -> "agree";
                case DISAGREE -> "DISAGREE";
                case NOT_OBSERVABLE -> "not observable";
            };
            out.printf("  %4d  %-64s predicted %-28s returned %-28s %s%n", r.line(), r.statement(), r.predicted(),
                    r.verdict() == Row.Verdict.NOT_OBSERVABLE ? "-" : r.returned(), verdict);
        }
    }

    /** The agreement table: per kernel and per source (the path each scenario was found under). */
    public static void table(List<Outcome> outcomes, Function<Path, String> source, PrintWriter out) {
        out.printf("%-7s %-44s %9s %7s %9s %7s %11s %10s %14s%n", "kernel", "scenarios from", "scenarios", "agree",
                "disagree", "not run", "steps agree", "disagree", "not observable");
        Map<String, long[]> rows = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            long[] c = rows.computeIfAbsent(o.kernel() + "\t" + source.apply(o.file()), k -> new long[7]);
            c[0]++;
            if (o.notRun() != null) {
                c[3]++;
                continue;
            }
            c[o.agrees() ? 1 : 2]++;
            c[4] += o.count(Row.Verdict.AGREE);
            c[5] += o.count(Row.Verdict.DISAGREE);
            c[6] += o.count(Row.Verdict.NOT_OBSERVABLE);
        }
        rows.forEach((k, c) -> {
            String[] ks = k.split("\t");
            out.printf("%-7s %-44s %9d %7d %9d %7d %11d %10d %14d%n", ks[0], ks[1], c[0], c[1], c[2], c[3], c[4], c[5],
                    c[6]);
        });
    }
}
