package org.vdpacheck.tool.trace;

import java.util.Map;

/** The one printer of the trace language: a {@link Trace} as a {@code .vtrace} scenario. */
public final class TracePrinter {
    private TracePrinter() {
    }

    public static String print(Trace t) {
        StringBuilder sb = new StringBuilder(header(t));
        for (Statement s : t.statements()) {
            sb.append("  ").append(line(s)).append('\n');
        }
        return sb.append("}\n").toString();
    }

    /**
     * The opening line and header statements of a scenario, without its statements and closing
     * brace: for a printer that writes statements as they are made.
     */
    public static String header(Trace t) {
        StringBuilder sb = new StringBuilder();
        sb.append("scenario \"").append(t.name().replace("\\", "\\\\").replace("\"", "\\\"")).append("\" {\n");
        sb.append("  kernel ").append(t.kernel()).append('\n');
        sb.append("  parent ").append(t.parent()).append('\n');
        if (t.client() != null) {
            sb.append("  client ").append(t.client()).append('\n');
        }
        if (t.asids() != null) {
            sb.append("  asids ").append(t.asids()).append('\n');
        }
        if (t.groups() != null) {
            sb.append("  groups ").append(t.groups()).append('\n');
        }
        for (Map.Entry<String, String> o : t.options().entrySet()) {
            sb.append("  option ").append(o.getKey()).append(' ').append(o.getValue()).append('\n');
        }
        return sb.toString();
    }

    /** One statement as a line of a scenario, without its indentation. */
    public static String line(Statement s) {
        if (s instanceof Statement.Op op) {
            StringBuilder l = new StringBuilder(op.verb());
            op.words().forEach(w -> l.append(' ').append(w));
            if (op.result() != null) {
                l.append(" -> ").append(op.result());
            }
            if (op.comment() != null) {
                l.append("  # ").append(op.comment());
            }
            return l.toString();
        }
        if (s instanceof Statement.Expect e) {
            return "expect " + String.join(" ", e.words());
        }
        return "# " + ((Statement.Comment) s).text();
    }
}
