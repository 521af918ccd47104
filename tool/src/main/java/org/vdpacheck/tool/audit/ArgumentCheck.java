package org.vdpacheck.tool.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.vdpacheck.tool.alloy.Cell;
import org.vdpacheck.tool.alloy.Spec;
import org.vdpacheck.tool.alloy.SpecError;

/** Checks the claims of {@link Argument} against the audit's verdicts and the proposals they name. */
public final class ArgumentCheck {
    /** A claim and whether every cell came out as it says. */
    public record Outcome(Claim claim, boolean reproduced, List<Verdict> verdicts) {
    }

    private final Path specFile;
    private final Bounds bounds;
    private final int jobs;
    private final ResultCache cache;

    public ArgumentCheck(Path specFile, Bounds bounds, int jobs, ResultCache cache) {
        this.specFile = specFile;
        this.bounds = bounds;
        this.jobs = jobs;
        this.cache = cache;
    }

    public List<Outcome> evaluate(List<String> baseAssertions, List<Verdict> baseVerdicts, List<Claim> claims)
            throws SpecError {
        Map<String, Verdict> known = index(baseVerdicts);
        Set<String> proposals = new LinkedHashSet<>();
        claims.stream().filter(c -> c.proposal() != null).forEach(c -> proposals.add(c.proposal()));
        for (String p : proposals) {
            Path file = specFile.toAbsolutePath().getParent().resolve("proposals").resolve(p);
            List<Audit.Task> tasks = new ArrayList<>();
            for (Claim c : claims) {
                if (p.equals(c.proposal())) {
                    c.cells().forEach(cell -> tasks.add(new Audit.Task(cell, c.assertion())));
                }
            }
            List<Verdict> vs = new Audit(() -> Spec.loadProposal(file, baseAssertions), bounds, jobs, cache, null)
                    .run(Spec.fingerprint(file, baseAssertions), tasks);
            for (Verdict v : vs) {
                known.put(key(p, v.assertion(), v.cell()), v);
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (Claim c : claims) {
            List<Verdict> vs = new ArrayList<>();
            boolean ok = true;
            for (Cell cell : c.cells()) {
                Verdict v = known.get(key(c.proposal(), c.assertion(), cell));
                if (v == null) {
                    throw new SpecError(specFile + ": the spec has no cell " + cell + " for " + c.assertion());
                }
                vs.add(v);
                ok &= v.holds() == c.holds();
            }
            out.add(new Outcome(c, ok, vs));
        }
        return out;
    }

    private static Map<String, Verdict> index(List<Verdict> verdicts) {
        Map<String, Verdict> m = new LinkedHashMap<>();
        for (Verdict v : verdicts) {
            m.put(key(null, v.assertion(), v.cell()), v);
        }
        return m;
    }

    private static String key(String proposal, String assertion, Cell cell) {
        return proposal + "\u0000" + assertion + "\u0000" + cell.formula();
    }

    public static String render(String title, String yes, List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (Outcome o : outcomes) {
            Claim c = o.claim();
            sb.append(String.format("  %-16s %s%n", o.reproduced() ? "✓ " + yes : "✗ NOT " + yes, c.text()));
            sb.append(String.format("  %-16s %s %s in %d cell%s%s%n", "", c.assertion(), c.holds() ? "holds" : "refuted",
                    c.cells().size(), c.cells().size() == 1 ? "" : "s",
                    c.proposal() == null ? "" : " of proposals/" + c.proposal()));
            for (Verdict v : o.verdicts()) {
                boolean contrary = v.holds() != c.holds();
                boolean showTrace = !v.holds() && (c.proposal() != null || contrary);
                if (contrary) {
                    sb.append("      contrary: ").append(v.cell()).append(v.holds() ? " holds" : " is refuted").append('\n');
                }
                if (showTrace) {
                    sb.append(v.counterexample().indent(6));
                }
            }
        }
        return sb.append('\n').toString();
    }

}
