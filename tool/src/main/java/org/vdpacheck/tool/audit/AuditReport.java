package org.vdpacheck.tool.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.vdpacheck.tool.alloy.Cell;
import org.vdpacheck.tool.alloy.Names;

/** The audit's verdicts as the matrix a reviewer reads, or as a stable JSON document. */
public final class AuditReport {
    private final String specHash;
    private final Bounds bounds;
    private final List<Verdict> verdicts;

    public AuditReport(String specHash, Bounds bounds, List<Verdict> verdicts) {
        this.specHash = specHash;
        this.bounds = bounds;
        this.verdicts = List.copyOf(verdicts);
    }

    public List<Verdict> verdicts() {
        return verdicts;
    }

    public List<Verdict> refuted() {
        return verdicts.stream().filter(v -> !v.holds()).toList();
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("vdpacheck audit: spec ").append(specHash, 0, 12).append(", solver ").append(bounds.solver())
                .append(", Alloy ").append(Audit.alloyVersion()).append('\n');
        sb.append("bound: ").append(bounds.steps()).append(" steps, ").append(bounds.ranges())
                .append(" IOVA ranges, 2 ASIDs, group numbers 0..2, vqs 0, 2 and 3; ✓ holds within the bound, ✗ refuted\n\n");
        kernelTable(sb);
        clientTable(sb);
        List<Verdict> bad = refuted();
        sb.append(bad.size()).append(" of ").append(verdicts.size()).append(" checks refuted\n");
        if (!bad.isEmpty()) {
            sb.append("\nCounterexamples (shortest within the bound)\n");
            for (Verdict v : bad) {
                sb.append("\n# ✗ ").append(v.assertion()).append(": ").append(v.cell()).append(" (").append(v.steps())
                        .append(" states)\n").append(v.counterexample());
            }
        }
        return sb.toString();
    }

    /** Any userspace: kernel × parent rows, one column per kernel invariant. */
    private void kernelTable(StringBuilder sb) {
        Set<String> assertions = new LinkedHashSet<>();
        Map<String, Map<String, Boolean>> rows = new LinkedHashMap<>();
        for (Verdict v : verdicts) {
            if (v.cell().client().equals(Audit.ANY)) {
                assertions.add(v.assertion());
                rows.computeIfAbsent(row(v.cell()), k -> new LinkedHashMap<>()).put(v.assertion(), v.holds());
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        sb.append("Kernel invariants, any userspace\n");
        List<String> names = new ArrayList<>(assertions);
        for (int i = 0; i < names.size(); i++) {
            sb.append(String.format("  %2d %s%n", i + 1, names.get(i)));
        }
        sb.append(String.format("%-26s", "kernel / parent"));
        for (int i = 0; i < names.size(); i++) {
            sb.append(String.format("%3d", i + 1));
        }
        sb.append('\n');
        rows.forEach((row, cells) -> {
            sb.append(String.format("%-26s", row));
            for (String a : names) {
                Boolean h = cells.get(a);
                sb.append(String.format("%3s", h == null ? "-" : h ? "✓" : "✗"));
            }
            sb.append('\n');
        });
        sb.append('\n');
    }

    /** Each client's belief: client × kernel rows, one column per parent. */
    private void clientTable(StringBuilder sb) {
        Set<String> parents = new LinkedHashSet<>();
        Map<String, Map<String, List<Verdict>>> rows = new LinkedHashMap<>();
        for (Verdict v : verdicts) {
            if (!v.cell().client().equals(Audit.ANY)) {
                parents.add(v.cell().parent());
                String row = Names.client(v.cell().client()) + " / " + Names.kernel(v.cell().kernel());
                rows.computeIfAbsent(row, k -> new LinkedHashMap<>())
                        .computeIfAbsent(v.cell().parent(), k -> new ArrayList<>()).add(v);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        sb.append("Clients: ").append(String.join(", ", new LinkedHashSet<>(verdicts.stream()
                .filter(v -> !v.cell().client().equals(Audit.ANY)).map(Verdict::assertion).toList())))
                .append('\n');
        sb.append(String.format("%-34s", "client / kernel"));
        parents.forEach(p -> sb.append(String.format("%-14s", Names.parentColumn(p))));
        sb.append('\n');
        rows.forEach((row, cells) -> {
            sb.append(String.format("%-34s", row));
            for (String p : parents) {
                List<Verdict> vs = cells.get(p);
                String mark = vs == null ? "-" : vs.stream().allMatch(Verdict::holds) ? "✓" : "✗";
                sb.append(String.format("%-14s", mark));
            }
            sb.append('\n');
        });
        sb.append('\n');
    }

    private static String row(Cell c) {
        return Names.kernel(c.kernel()) + " / " + Names.parentColumn(c.parent());
    }

    public String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("spec", specHash);
        doc.put("solver", bounds.solver());
        doc.put("alloy", Audit.alloyVersion());
        doc.put("steps", bounds.steps());
        doc.put("ranges", bounds.ranges());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Verdict v : verdicts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("assertion", v.assertion());
            m.put("kernel", Names.kernel(v.cell().kernel()));
            m.put("parent", Names.parentColumn(v.cell().parent()));
            m.put("client", Names.client(v.cell().client()));
            m.put("holds", v.holds());
            if (!v.holds()) {
                m.put("states", v.steps());
                m.put("counterexample", v.counterexample());
            }
            list.add(m);
        }
        doc.put("verdicts", list);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file name per counterexample: assertion, client, kernel, parent. */
    public static String fileName(Verdict v) {
        return (v.assertion() + "--" + Names.client(v.cell().client()) + "--" + Names.kernel(v.cell().kernel()) + "--"
                + Names.parentColumn(v.cell().parent())).replaceAll("[^A-Za-z0-9._+-]", "_") + ".vtrace";
    }
}
