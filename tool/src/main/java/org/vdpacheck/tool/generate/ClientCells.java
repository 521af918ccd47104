package org.vdpacheck.tool.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import edu.mit.csail.sdg.translator.A4Solution;
import org.vdpacheck.client.ClientKind;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.tool.alloy.Cell;
import org.vdpacheck.tool.alloy.Checker;
import org.vdpacheck.tool.alloy.Names;
import org.vdpacheck.tool.alloy.Spec;
import org.vdpacheck.tool.alloy.SpecError;
import org.vdpacheck.tool.alloy.TraceExtractor;
import org.vdpacheck.tool.audit.Audit;
import org.vdpacheck.tool.audit.Bounds;
import org.vdpacheck.tool.audit.ResultCache;
import org.vdpacheck.tool.audit.Verdict;

/**
 * The audit's client matrix as generated tests. For every client that impl/ models, on every
 * kernel and parent, the verdict of each client assertion (NoFaultForCorrectPair) decided as
 * {@code audit} decides it (its bounds, its cache: after {@code ./vdpacheck audit} nothing is
 * solved again), and a test that drives impl/'s model of that client through a VM life (boot,
 * start, guest reset, start, exit) and expects it to ack the backend features the spec's client
 * acks, to live a VM's life (reset, started, nothing believed after exit), to behave as
 * client.als classifies that client (the CVQ isolation probe, when RAM is first mapped, whether a
 * reset makes it remap, read off impl/'s call log; the shadow CVQ in ASID 1 and whether the first
 * start leaves ACKNOWLEDGE|DRIVER out, read off the device),
 * and its beliefs about what the device reaches to hold exactly where the spec proves they do.
 *
 * <p>A refutation says some run the spec's client allows loses a belief; the harness runs one
 * life on each of two guests. Every refuted cell today loses it on the first (the
 * counterexamples are boot, start, reset, start). A refuted cell whose life keeps every belief
 * fails its test: a disagreement to decide from the kernel, or a client run the harness must
 * learn.
 */
final class ClientCells {
    static final String CLASS = "ClientCellTest";

    private ClientCells() {
    }

    /**
     * The cells impl/ has a client, kernel and parent for, in the audit's plan order: each
     * verdict, and what the spec's client acks there (client.als: SET_BACKEND_FEATURES of
     * GET's offer within its mask), read from one trace of the spec's facts.
     */
    static List<Generator.ClientCell> decide(Spec spec, Audit.SpecSource source, Bounds bounds, int jobs,
            ResultCache cache) throws SpecError {
        List<Audit.Task> plan = Audit.plan(spec).stream()
                .filter(t -> Audit.CLIENT_ASSERTIONS.contains(t.assertion()))
                .filter(t -> ClientKind.byId(Names.client(t.cell().client())).isPresent()
                        && KernelProfile.byName(Names.kernel(t.cell().kernel())).isPresent())
                .toList();
        List<Verdict> verdicts = new Audit(source, bounds, jobs, cache, null).run(spec.hash(), plan);
        if (verdicts.isEmpty()) {
            return List.of();
        }
        A4Solution facts = new Checker(spec, bounds.solver()).anyTrace(bounds.ranges());
        TraceExtractor bits = new TraceExtractor(spec);
        List<Generator.ClientCell> cells = new ArrayList<>();
        for (Verdict v : verdicts) {
            Cell c = v.cell();
            String ackedExpr = "offeredBy[" + c.kernel() + ", " + c.parent() + "] & " + c.client() + ".mask";
            cells.add(new Generator.ClientCell(v, bits.bits(facts, ackedExpr),
                    bits.holds(facts, "probes[" + c.client() + "]"),
                    bits.holds(facts, "mapsInStart[" + c.client() + "]"),
                    bits.holds(facts, "probeMayFollowMaps[" + c.client() + "]"),
                    bits.holds(facts, "remaps[" + c.client() + ", " + ackedExpr + "]"),
                    bits.holds(facts, "shadowsCvq[" + c.client() + ", " + c.parent() + ", " + ackedExpr + "]"),
                    bits.holds(facts, "skipsAckDriver[" + c.client() + "]")));
        }
        return cells;
    }

    static String junit(String header, List<Generator.ClientCell> cells) {
        StringBuilder java = new StringBuilder(header);
        java.append("package org.vdpacheck.generated;\n\n");
        java.append("import static org.junit.jupiter.api.Assertions.assertEquals;\n");
        java.append("import static org.junit.jupiter.api.Assertions.assertFalse;\n");
        java.append("import static org.junit.jupiter.api.Assertions.assertNotEquals;\n");
        java.append("import static org.junit.jupiter.api.Assertions.assertTrue;\n");
        java.append("import static org.vdpacheck.harness.Uapi.*;\n\n");
        java.append("import org.junit.jupiter.api.Test;\n");
        java.append("import org.vdpacheck.harness.ClientLife;\n");
        java.append("import org.vdpacheck.parent.ParentDriver;\n\n");
        java.append("/**\n * The audit's client × kernel × parent cells: impl/'s model of each client through a VM life,\n")
                .append(" * acking the backend features the spec's client acks there, behaving as client.als\n")
                .append(" * classifies that client, its beliefs about what the device reaches holding exactly where\n")
                .append(" * the spec proves they do.\n */\n");
        java.append("class ").append(CLASS).append(" {\n");
        for (Generator.ClientCell cell : cells) {
            Verdict v = cell.verdict();
            String client = Names.client(v.cell().client());
            String kernel = Names.kernel(v.cell().kernel());
            String where = client + " on " + kernel + " " + Names.parentColumn(v.cell().parent());
            java.append("\n    /** ").append(v.assertion()).append(' ')
                    .append(v.holds() ? "holds within the audit's bound" : "is refuted in " + v.steps() + " states")
                    .append(": ").append(where).append(". */\n");
            java.append("    @Test\n    void ").append(method(v)).append("() {\n");
            java.append("        ClientLife.Life life = ClientLife.run(\"").append(client).append("\", \"").append(kernel)
                    .append("\", ParentDriver.")
                    .append(JUnitWriter.driver(Names.parent(v.cell().parent()), Names.parentOptions(v.cell().parent())).name())
                    .append(");\n");
            java.append("        assertEquals(").append(JUnitWriter.bits(cell.acked()))
                    .append(", life.acked(),\n                \"GET_BACKEND_FEATURES within the client's mask: ").append(where)
                    .append("\");\n");
            java.append("        assertEquals(\"\", life.protocol(),\n                \"a VM's life: ").append(where)
                    .append("\");\n");
            life(java, cell.probes(), "probed", "CVQ isolation probe (client.als probes)", where);
            life(java, cell.mapsInStart(), "mappedInStart", "RAM first mapped in a start, at FEATURES_OK (mapsInStart)",
                    where);
            life(java, cell.mapsBeforeProbe(), "mappedBeforeProbe",
                    "RAM mapped before the probe (probeMayFollowMaps: a hot-plugged netdev)", where);
            life(java, cell.remaps(), "remapped", "RAM invalidated and mapped again after the guest reset (remaps)",
                    where);
            life(java, cell.shadowsCvq(), "shadowCvq",
                    "the CVQ's group in ASID 1 with its buffers mapped there after each start (shadowsCvq)", where);
            life(java, cell.skipsAckDriver(), "skippedAckDriver",
                    "the first start runs the device without ACKNOWLEDGE|DRIVER (skipsAckDriver)", where);
            java.append("        ").append(v.holds() ? "assertEquals" : "assertNotEquals")
                    .append("(ClientLife.HELD, life.beliefs(),\n                \"").append(v.assertion()).append(' ')
                    .append(v.holds() ? "holds" : "is refuted").append(": ").append(where).append("\");\n");
            java.append("    }\n");
        }
        java.append("}\n");
        return java.toString();
    }

    private static void life(StringBuilder java, boolean expected, String observed, String what, String where) {
        java.append("        ").append(expected ? "assertTrue" : "assertFalse").append("(life.").append(observed)
                .append("(),\n                \"").append(what).append(": ").append(where).append("\");\n");
    }

    /** {@code qemu80OnV67Mlx5}: the atoms' names, which are unique and already identifiers. */
    private static String method(Verdict v) {
        String client = v.cell().client();
        return client.substring(0, 1).toLowerCase(Locale.ROOT) + client.substring(1) + "On" + v.cell().kernel()
                + v.cell().parent();
    }
}
