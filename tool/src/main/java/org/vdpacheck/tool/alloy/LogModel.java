package org.vdpacheck.tool.alloy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.ast.Sig;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.A4TupleSet;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;
import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.tool.trace.Statement;

/**
 * Trace validation of a replayed log against the spec ({@code replay LOG --model}): the log's
 * observed steps, abstracted into the spec's vocabulary, as constraints on a trace of the spec in
 * which steps the log cannot show may come in between. A log has hundreds of steps, far more than
 * Alloy unrolls, so it is checked in windows of {@link #WINDOW} observed steps: each window is
 * one bounded run that starts from the spec state the previous window ended in (the first from
 * the spec's initial state), and its last state is carried on. A window's module is
 * vdpacheck.als itself with its {@code fact init} turned into a predicate that only the first
 * window asserts: the same modules, the same events fact. The state carried is the one
 * the solver found; when a window cannot be explained from it, the window is solved again
 * together with the one before, from that one's start, before a step is reported.
 *
 * <p>Abstraction: each distinct (iova, size) of the log is a Range atom, overlapping as the
 * intervals do (iova 0, size 0 is the spec's {@code Whole}, overlapping all; size 0 elsewhere,
 * which no QEMU sends and the spec cannot say, is read as one byte); ASIDs 0 and 1 and groups 0
 * and 1 are the spec's A0/A1 and G0/G1; a status is its level (highest bit). Observed: update,
 * invalidate, batch_begin/end (with the result the log shows), set_status (the
 * add_status/reset_device lines), suspend, set_group_asid (9.0+).
 * Unobservable, free in between: GET/SET_BACKEND_FEATURES, SET_GROUP_ASID, and until the first
 * DRIVER_OK also open and SET_STATUS (the CVQ probe's raw ioctls). Steps replay inferred, the
 * vring ioctls (the spec's GET_VRING_GROUP and SET_VRING_ADDR/BASE change nothing it keeps) and
 * set_owner are not constraints.
 */
public final class LogModel {
    static final int WINDOW = 4;
    /**
     * Unobservable steps a window may need: before the first DRIVER_OK, open, the CVQ probe's
     * GET and three SET_STATUS, GET/SET_BACKEND_FEATURES and SET_GROUP_ASID; after it, the last three.
     */
    private static final int HIDDEN_AT_START = 8;
    private static final int HIDDEN_LATER = 3;

    /** One observed step: where it is, how it reads, and its constraint on Step. */
    private record Obs(Position at, String statement, String formula) {
    }

    /** A window's start: the spec's initial state (null), or a state the solver found. */
    private record Start(String state, boolean beforeDriverOk) {
    }

    private final Path bundled;
    /** vdpacheck.als with its initial state as {@code pred specInit}, under another module name. */
    private final String base;
    private final String cell;
    private final String solver;
    private final Map<String, long[]> ranges = new LinkedHashMap<>();
    private final List<Obs> window = new ArrayList<>();
    private Start start = new Start(null, true);
    private Start previousStart;
    private List<Obs> previous = List.of();
    private boolean beforeDriverOk = true;
    private String unexplained;
    private long observed;
    private long windows;

    /** @throws SpecError the spec has no such kernel or parent */
    public LogModel(Path bundled, String kernel, String parent, String solver) throws SpecError {
        String k = Names.kernelAtom(kernel);
        String p = Names.parentAtom(parent);
        if (k == null || p == null) {
            throw new SpecError("the spec has no cell for kernel " + kernel + " and parent " + parent);
        }
        this.bundled = bundled;
        String text;
        try {
            text = Files.readString(bundled);
        } catch (IOException e) {
            throw new SpecError(bundled + ": " + e.getMessage());
        }
        if (!text.contains("\nfact init {") || !text.startsWith("module vdpacheck\n")) {
            throw new SpecError(bundled + ": log validation needs the bundled spec, `module vdpacheck` with a `fact init`");
        }
        this.base = text.replace("\nfact init {", "\npred specInit {").replaceFirst("module vdpacheck\n",
                "module logwindow\n");
        // QEMU's RLIMIT_MEMLOCK and memory are not in its log: a refused UPDATE must not pass for
        // a tight limit or for unmapped memory. The log's IOVAs are not laid out against the
        // platform aperture either: a range past it is no explanation. Nor is a bad argument: QEMU
        // writes whole, well-typed messages from its own memory (vhost_vdpa_dma_map()); nor an
        // fd without an owner: QEMU makes SET_OWNER right after open (vhost_dev_init()).
        this.cell = "Cfg.kernel = " + k + " and Cfg.parent = " + p
                + " and Run.client = AnyClient and no TightMemlock and no Unbacked and no Beyond"
                + " and no SkipsSetOwner and always no Step.bad";
        this.solver = solver;
    }

    /** Takes the next statement of the log; windows are solved as they fill. */
    public void step(Statement s, Position at) throws SpecError {
        if (unexplained != null || !(s instanceof Statement.Op op)
                || (op.comment() != null && op.comment().startsWith("inferred:"))) {
            return;
        }
        String formula = formula(op);
        if (formula == null) {
            return;
        }
        observed++;
        window.add(new Obs(at, line(op), formula));
        if (window.size() == WINDOW) {
            solveWindow();
        }
    }

    /**
     * The first observed step the spec cannot explain, as {@code LINE: STATEMENT}, or empty; and
     * what was checked.
     */
    public Optional<String> finish() throws SpecError {
        if (unexplained == null && !window.isEmpty()) {
            solveWindow();
        }
        return Optional.ofNullable(unexplained);
    }

    public String summary() {
        return observed + " observed steps in " + windows + " windows of up to " + WINDOW;
    }

    private void solveWindow() throws SpecError {
        List<Obs> obs = List.copyOf(window);
        window.clear();
        windows++;
        Optional<String> end = solve(start, obs);
        if (end.isEmpty() && previousStart != null) {
            List<Obs> both = new ArrayList<>(previous);
            both.addAll(obs);
            end = solve(previousStart, both);
            if (end.isEmpty()) {
                blame(previousStart, both, previous.size());
                return;
            }
        } else if (end.isEmpty()) {
            blame(start, obs, 0);
            return;
        }
        previousStart = start;
        previous = obs;
        start = new Start(end.get(), beforeDriverOk);
    }

    /** The first step of {@code obs} past {@code known} that no run from {@code from} explains. */
    private void blame(Start from, List<Obs> obs, int known) throws SpecError {
        for (int n = known + 1; n <= obs.size(); n++) {
            if (solve(from, obs.subList(0, n)).isEmpty()) {
                Obs o = obs.get(n - 1);
                unexplained = o.at().line() + ": " + o.statement();
                return;
            }
        }
        unexplained = obs.get(obs.size() - 1).at().line() + ": " + obs.get(obs.size() - 1).statement();
    }

    /** The state after the last observed step of a run that explains them, or empty. */
    private Optional<String> solve(Start from, List<Obs> obs) throws SpecError {
        StringBuilder m = new StringBuilder(base).append('\n');
        List<String> names = rangeNames();
        m.append("one sig ").append(String.join(", ", names)).append(" extends Range {}\n");
        m.append("fact logRanges { Range = ").append(String.join(" + ", names)).append(" and overlaps = ")
                .append(overlaps(names)).append(" and Whole = ").append(whole(names)).append(" }\n");
        m.append("fact logCell { ").append(cell).append(" }\n");
        m.append("fact logStart {\n").append(from.state() == null ? "  specInit\n" : from.state()).append("}\n");
        m.append("pred hidden { Step.ev in GetBackendFeatures + SetBackendFeatures + SetGroupAsid + Stutter")
                .append(from.beforeDriverOk() ? " + Open + SetStatus" : "").append(" }\n");
        m.append("run logWindow { ").append(chain(obs, 0)).append(" } for 3 but ").append(names.size())
                .append(" Range, ").append(obs.size() + (from.beforeDriverOk() ? HIDDEN_AT_START : HIDDEN_LATER) + 1)
                .append(" steps\n");
        Spec spec = Spec.loadModule(bundled, "logwindow.als", m.toString());
        Command run = spec.world().getAllCommands().stream().filter(c -> c.label.equals("logWindow")).findFirst()
                .orElseThrow();
        A4Solution sol = TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, spec.world().getAllReachableSigs(),
                run, Solvers.options(solver));
        if (!sol.satisfiable()) {
            return Optional.empty();
        }
        return Optional.of(state(spec, sol, sol.getTraceLength() - 1));
    }

    private static String chain(List<Obs> obs, int i) {
        if (i == obs.size()) {
            return "always Step.ev = Stutter";
        }
        return "(hidden until ((" + obs.get(i).formula() + ") and after " + chain(obs, i + 1) + "))";
    }

    /** Every variable field of Dev in state {@code i}, as facts on the next window's first state. */
    private static String state(Spec spec, A4Solution sol, int i) {
        StringBuilder sb = new StringBuilder();
        Sig dev = spec.sig("Dev");
        for (Sig.Field f : dev.getFields()) {
            A4TupleSet value = (A4TupleSet) sol.eval(f, i);
            String name = "Dev." + Spec.simple(f.label);
            if (value.size() == 0) {
                sb.append("  no ").append(name).append('\n');
                continue;
            }
            StringJoiner union = new StringJoiner(" + ");
            for (A4Tuple t : value) {
                StringJoiner arrow = new StringJoiner("->");
                for (int c = 1; c < t.arity(); c++) {
                    arrow.add(Spec.simple(t.atom(c)).replaceAll("\\$\\d+$", ""));
                }
                union.add(arrow.toString());
            }
            sb.append("  ").append(name).append(" = ").append(union).append('\n');
        }
        return sb.toString();
    }

    /** The step's constraint, or null for a statement the spec has no event for. */
    private String formula(Statement.Op op) {
        Map<String, String> w = pairs(op.words());
        String result = result(op.result());
        return switch (op.verb()) {
            case "update" -> asid(w.get("asid")) == null ? null : "Step.ev = Update and Step.a = " + asid(w.get("asid"))
                    + " and Step.r = " + range(w) + perm(w.get("perm")) + result;
            case "invalidate" -> asid(w.get("asid")) == null ? null : "Step.ev = Invalidate and Step.a = "
                    + asid(w.get("asid")) + " and Step.r = " + range(w) + result;
            case "batch_begin" -> "Step.ev = BatchBegin and Step.a = A0" + result;
            case "batch_end" -> "Step.ev = BatchEnd and Step.a = A0" + result;
            case "suspend" -> "Step.ev = Suspend";
            case "set_group_asid" -> asid(w.get("asid")) == null || !List.of("0", "1").contains(w.get("group")) ? null
                    : "Step.ev = SetGroupAsid and Step.g = G" + w.get("group") + " and Step.a = " + asid(w.get("asid"));
            case "set_status" -> "Step.ev = SetStatus and Step.st = " + level(op.words());
            default -> null;
        };
    }

    /** vhost-vdpa's set_status as a level: the highest bit written. */
    private String level(List<String> bits) {
        String level = bits.contains("DRIVER_OK") ? "DriverOk" : bits.contains("FEATURES_OK") ? "FeaturesOk"
                : bits.contains("DRIVER") || bits.contains("ACKNOWLEDGE") ? "AckDriver" : "S0";
        if (level.equals("DriverOk")) {
            beforeDriverOk = false;
        }
        return level;
    }

    private static String asid(String n) {
        return "0".equals(n) ? "A0" : "1".equals(n) ? "A1" : null;
    }

    /** VHOST_ACCESS_RO/RW; the spec has no write-only permission, so wo leaves Step.p free. */
    private static String perm(String p) {
        return "ro".equals(p) ? " and Step.p = RO" : "rw".equals(p) ? " and Step.p = RW" : "";
    }

    /** A result the log shows and the spec has a name for; anything else is left free. */
    private static String result(String r) {
        return r == null || !List.of("ok", "EINVAL", "EFAULT", "EOPNOTSUPP").contains(r) ? ""
                : " and Step.res = " + (r.equals("ok") ? "Ok" : r);
    }

    private String range(Map<String, String> w) {
        String key = w.get("iova") + ":" + w.get("size");
        if (!ranges.containsKey(key)) {
            long first = number(w.get("iova"));
            long size = number(w.get("size"));
            // iova 0, size 0 is the spec's Whole range, [0, U64_MAX] to the kernel's unmap.
            ranges.put(key, new long[] {first, size == 0 && first == 0 ? -1L : first + Math.max(size, 1) - 1});
        }
        return "R" + new ArrayList<>(ranges.keySet()).indexOf(key);
    }

    private static long number(String t) {
        return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseUnsignedLong(t);
    }

    private List<String> rangeNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.max(1, ranges.size()); i++) {
            names.add("R" + i);
        }
        return names;
    }

    /** The ranges that are all of the IOVA space: the message iova 0, size 0. */
    private String whole(List<String> names) {
        List<long[]> r = new ArrayList<>(ranges.values());
        StringJoiner j = new StringJoiner(" + ").setEmptyValue("none");
        for (int a = 0; a < r.size(); a++) {
            if (r.get(a)[0] == 0 && r.get(a)[1] == -1L) {
                j.add(names.get(a));
            }
        }
        return j.toString();
    }

    /** Two ranges overlap when their intervals share an address (unsigned). */
    private String overlaps(List<String> names) {
        List<long[]> r = new ArrayList<>(ranges.values());
        StringJoiner j = new StringJoiner(" + ");
        for (int a = 0; a < names.size(); a++) {
            for (int b = 0; b < names.size(); b++) {
                if (a == b || (a < r.size() && b < r.size() && Long.compareUnsigned(r.get(a)[0], r.get(b)[1]) <= 0
                        && Long.compareUnsigned(r.get(b)[0], r.get(a)[1]) <= 0)) {
                    j.add(names.get(a) + "->" + names.get(b));
                }
            }
        }
        return j.toString();
    }

    private static Map<String, String> pairs(List<String> words) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < words.size(); i++) {
            m.put(words.get(i), words.get(i + 1));
        }
        return m;
    }

    private static String line(Statement.Op op) {
        return op.verb() + (op.words().isEmpty() ? "" : " " + String.join(" ", op.words()))
                + (op.result() == null ? "" : " -> " + op.result());
    }
}
