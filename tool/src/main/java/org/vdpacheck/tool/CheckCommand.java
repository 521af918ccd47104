package org.vdpacheck.tool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.vdpacheck.tool.alloy.Spec;
import org.vdpacheck.tool.alloy.SpecError;
import org.vdpacheck.tool.audit.Audit;
import org.vdpacheck.tool.audit.Verdict;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/**
 * vdpacheck check [PROPOSAL.als]: every assertion's verdict over every cell of the bundled spec,
 * or of a proposal that opens it; with a proposal, what newly breaks and what newly holds. A
 * kernel the proposal adds is compared with the merged series (v6.7) in the same cell.
 * Exit 0: every expected invariant holds; 1: a refutation; 2: bad input.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Verdict of every assertion on the base spec or on a proposal; with a proposal, what "
                + "newly breaks and what newly holds.")
final class CheckCommand implements Callable<Integer> {
    /** The cell a new kernel is compared with: the merged series. */
    static final String REFERENCE_KERNEL = "V67";

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Mixin
    SpecOptions options;

    @Parameters(arity = "0..1", paramLabel = "PROPOSAL.als", description = "A module that opens the bundled spec.")
    Path proposal;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (options.invalid() != null) {
            err.println(options.invalid());
            return 2;
        }
        try {
            Path baseFile = options.specFile();
            Spec base = Spec.load(baseFile);
            // A broken proposal is reported before anything is solved.
            Spec prop = proposal == null ? null : Spec.loadProposal(proposal, base.assertions());
            List<Verdict> baseVerdicts = audit(() -> Spec.load(baseFile), base);
            int exit;
            if (proposal == null) {
                out.print(summary(base, baseVerdicts, null));
                List<Verdict> unexpected = unexpected(base, baseVerdicts);
                for (Verdict v : unexpected) {
                    out.println("\n# ✗ " + v.assertion() + " is expected to hold: " + v.cell());
                    out.print(v.counterexample());
                }
                exit = unexpected.isEmpty() ? 0 : 1;
            } else {
                // What newly breaks is printed with its trace by diff().
                List<Verdict> propVerdicts = audit(() -> Spec.loadProposal(proposal, base.assertions()), prop);
                out.print(summary(base, baseVerdicts, propVerdicts));
                boolean breaks = diff(out, baseVerdicts, propVerdicts);
                exit = breaks || !unexpected(base, propVerdicts).isEmpty() ? 1 : 0;
            }
            out.flush();
            return exit;
        } catch (SpecError e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
    }

    private List<Verdict> audit(Audit.SpecSource source, Spec spec) throws SpecError {
        return new Audit(source, options.bounds(), options.jobs(), options.cache(), System.err)
                .run(spec.hash(), Audit.plan(spec));
    }

    /** Refutations of assertions whose check command says `expect 0`. */
    private static List<Verdict> unexpected(Spec base, List<Verdict> verdicts) {
        return verdicts.stream().filter(v -> !v.holds() && base.assertions().contains(v.assertion())
                && base.expects(v.assertion()) == 0).toList();
    }

    private String summary(Spec base, List<Verdict> baseVerdicts, List<Verdict> propVerdicts) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-24s %-16s%s%n", "assertion", "base", propVerdicts == null ? "" : "proposal"));
        List<String> names = new ArrayList<>(base.assertions());
        if (propVerdicts != null) {
            propVerdicts.stream().map(Verdict::assertion).filter(a -> !names.contains(a)).distinct().forEach(names::add);
        }
        for (String a : names) {
            sb.append(String.format("%-24s %-16s", a, count(baseVerdicts, a)));
            if (propVerdicts != null) {
                sb.append(count(propVerdicts, a));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String count(List<Verdict> verdicts, String assertion) {
        long n = verdicts.stream().filter(v -> v.assertion().equals(assertion)).count();
        long bad = verdicts.stream().filter(v -> v.assertion().equals(assertion) && !v.holds()).count();
        return n == 0 ? "-" : bad == 0 ? "✓ " + n + "/" + n : "✗ " + bad + "/" + n + " refuted";
    }

    /** Prints what newly breaks and newly holds; true if anything newly breaks. */
    private static boolean diff(PrintWriter out, List<Verdict> base, List<Verdict> prop) {
        Map<String, Verdict> byKey = new LinkedHashMap<>();
        for (Verdict v : base) {
            byKey.put(key(v.assertion(), v.cell().kernel(), v.cell().parent(), v.cell().client()), v);
        }
        List<String> breaks = new ArrayList<>();
        List<String> holds = new ArrayList<>();
        for (Verdict v : prop) {
            Verdict ref = byKey.get(key(v.assertion(), v.cell().kernel(), v.cell().parent(), v.cell().client()));
            String against = "base";
            if (ref == null) {
                ref = byKey.get(key(v.assertion(), REFERENCE_KERNEL, v.cell().parent(), v.cell().client()));
                against = "v6.7";
            }
            if (ref == null || ref.holds() == v.holds()) {
                continue;
            }
            if (!v.holds()) {
                breaks.add("  ✗ " + v.assertion() + ": " + v.cell() + " (holds on " + against + ")\n"
                        + v.counterexample().indent(4));
            } else {
                holds.add("  ✓ " + v.assertion() + ": " + v.cell() + " (refuted on " + against + ")\n");
            }
        }
        out.println("\nnewly breaks: " + (breaks.isEmpty() ? "nothing" : breaks.size()));
        breaks.forEach(out::print);
        out.println("newly holds: " + (holds.isEmpty() ? "nothing" : holds.size()));
        holds.forEach(out::print);
        return !breaks.isEmpty();
    }

    private static String key(String... parts) {
        return String.join("\u0000", parts);
    }
}
