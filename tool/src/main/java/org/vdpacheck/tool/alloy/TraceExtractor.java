package org.vdpacheck.tool.alloy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.A4TupleSet;
import org.vdpacheck.tool.trace.BadAddress;
import org.vdpacheck.tool.trace.IndexOnly;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.uapi.VirtioFeature;
import org.vdpacheck.tool.trace.Trace;

/**
 * Turns a solution of the spec into a scenario of the trace language: the event of each state
 * with its arguments and result, then the state the trace ends in. Abstract IOVA ranges become
 * concrete, deterministic values: 8 KiB ranges laid out end to end (see {@link #concretise}); every
 * mapping's user address is the guest-RAM base plus its IOVA ({@link #user}); a vq's ring addresses
 * and base differ from one step to the next. An {@code Unbacked} range's user address is the last
 * page of guest RAM, which the trace then sizes ({@code option guest_ram}), so the rest of the
 * range is memory the process does not have.
 */
public final class TraceExtractor {
    static final long HVA = 0x7f00_0000_0000L;
    static final long RANGE_SIZE = 0x2000;
    /** Guest RAM of a trace with an {@code Unbacked} range: the generated tests' 4 MiB. */
    static final long GUEST_RAM = 4L << 20;
    /** __DOMAIN_MAX_ADDR(48): the aperture intel-iommu gives a domain on a unit with 48-bit width. */
    static final long APERTURE_LAST = (1L << 48) - 1;
    /** How far below 2^64 a wrapping Beyond range starts, and so where it ends above 0. */
    private static final long WRAP = 0x1000;
    /** include/uapi/linux/virtio_ids.h. */
    private static final int VIRTIO_ID_NET = 1;
    /** get_vq_num_max() as parent.als gives it: 256, or IFCVF_QUEUE_MAX where bigQueues[] holds. */
    private static final int QUEUE_MAX = 256;
    private static final int IFCVF_QUEUE_MAX = 32768;
    /** Where SET_VRING_ADDR puts a vq's rings: above every concretised range. */
    private static final long RINGS = 0x100000;
    private final Spec spec;
    private final Map<String, Expr> exprs = new HashMap<>();

    public TraceExtractor(Spec spec) {
        this.spec = spec;
    }

    public Trace extract(A4Solution sol, String name, String kernel, String parent, String client) throws SpecError {
        Map<String, Long> base = concretise(sol, List.of());
        List<Statement> out = new ArrayList<>();
        int last = sol.getTraceLength() - 1;
        for (int i = 0; i <= last; i++) {
            if (i == last) {
                // The state the trace reaches, then its own event, which leads back into the loop:
                // the state after it is the loop state, where a safety violation shows.
                out.addAll(beliefs(sol, last, base));
                out.addAll(state(sol, last, base));
            }
            String ev = one(sol, "Step.ev", i);
            if (ev == null || ev.equals("Stutter")) {
                continue;
            }
            out.addAll(statements(sol, i, ev, base));
            if (i == last) {
                out.addAll(state(sol, sol.getLoopState(), base));
            }
        }
        return new Trace(name, Names.kernel(kernel), Names.parent(parent),
                client.equals("AnyClient") ? null : Names.client(client), null, null, options(sol, parent), out);
    }

    /**
     * A witness: a trace that ends by stuttering forever, as a scenario that states after each
     * event what the model holds in the state it leads to, so a test can compare every step.
     */
    public Trace witness(A4Solution sol, String name, String kernel, String parent, GoalWriting goal)
            throws SpecError {
        Map<String, Long> base = concretise(sol, goal.atTop());
        List<Statement> out = new ArrayList<>();
        for (int i = 0; i + 1 < sol.getTraceLength(); i++) {
            String ev = one(sol, "Step.ev", i);
            if (!ev.equals("Stutter")) {
                List<Statement> step = statements(sol, i, ev, base);
                out.addAll(i + 2 == sol.getTraceLength() ? endedWith(step, goal.endedWith()) : step);
                out.addAll(state(sol, i + 1, base));
            }
        }
        return new Trace(name, Names.kernel(kernel), Names.parent(parent), null, null, null, options(sol, parent), out);
    }

    /** A step's request with these words after its own. */
    private static List<Statement> endedWith(List<Statement> step, List<String> words) {
        if (words.isEmpty()) {
            return step;
        }
        Statement.Op op = (Statement.Op) step.get(0);
        List<String> all = new ArrayList<>(op.words());
        all.addAll(words);
        List<Statement> out = new ArrayList<>(step);
        out.set(0, new Statement.Op(op.verb(), all, op.result(), op.comment()));
        return out;
    }

    /**
     * The parent's module options, then a {@code TightMemlock} as the bytes of one range, and
     * guest RAM of a fixed size if a range runs past its end.
     */
    private Map<String, String> options(A4Solution sol, String parent) throws SpecError {
        Map<String, String> options = new LinkedHashMap<>(Names.parentOptions(parent));
        if (!column(sol, "TightMemlock", 0, 0).isEmpty()) {
            options.put(Trace.RLIMIT_MEMLOCK, hex(RANGE_SIZE));
        }
        if (!column(sol, "Unbacked", 0, 0).isEmpty()) {
            options.put(Trace.GUEST_RAM, hex(GUEST_RAM));
        }
        return options;
    }

    /**
     * Where the range's IOVA lands in guest RAM ({@link #user}), or for an {@code Unbacked} range
     * guest RAM's last page, or for a {@code Beyond} one its first (the window is checked before the
     * user address is looked at).
     */
    private long uaddr(A4Solution sol, String range, Map<String, Long> base) throws SpecError {
        if (column(sol, "Beyond", 0, 0).contains(range)) {
            return HVA;
        }
        return column(sol, "Unbacked", 0, 0).contains(range) ? HVA + GUEST_RAM - 0x1000 : user(base.get(range));
    }

    /**
     * The user address a mapped IOVA lands on: guest RAM's base plus the IOVA, within guest RAM's
     * size; a range at the window's top lands on the end of guest RAM.
     */
    private static long user(long iova) {
        return HVA + (iova & (GUEST_RAM - 1));
    }

    private List<Statement> statements(A4Solution sol, int i, String ev, Map<String, Long> base) throws SpecError {
        String verb = Names.verb(ev);
        String res = one(sol, "Step.res", i);
        String asid = number(one(sol, "Step.a", i));
        String range = one(sol, "Step.r", i);
        List<String> bad = column(sol, "Step.bad", i, 0);
        if (bad.contains("Null")) {
            return List.of(new Statement.Op(verb, List.of(BadAddress.WORD), result(res)));
        }
        if (bad.contains("IndexOnly")) {
            List<String> index = ev.equals("SetGroupAsid") ? List.of("group", number(one(sol, "Step.g", i)))
                    : List.of("vq", Names.vq(one(sol, "Step.q", i)));
            return List.of(new Statement.Op(verb, List.of(index.get(0), index.get(1), IndexOnly.WORD), result(res)));
        }
        boolean invalid = !column(sol, "Step.invalid", i, 0).isEmpty();
        List<String> w = new ArrayList<>();
        switch (ev) {
            case "Open":
                // The spec's open is open(2) and, where the process becomes the owner, SET_OWNER; a
                // refused one (a second open, -EBUSY) leaves the first fd and its owner as they were.
                String opened = one(sol, "Step.res", i);
                if (!opened.equals("Ok")) {
                    return List.of(new Statement.Op("open", List.of(), result(opened)));
                }
                List<Statement> open = new ArrayList<>(List.of(new Statement.Op("open", List.of(), "ok")));
                if (!column(sol, "Dev.owned", i + 1, 0).isEmpty()) {
                    open.add(new Statement.Op("set_owner", List.of(), "ok"));
                }
                open.addAll(info(sol));
                return open;
            case "GetBackendFeatures":
                String offered = bits(sol, "Step.bits", i);
                return List.of(new Statement.Op(verb, List.of(), offered.isEmpty() ? null : offered));
            case "SetBackendFeatures":
                String req = bits(sol, "Step.bits", i);
                w.addAll(words(req));
                break;
            case "Update":
                w.addAll(List.of("asid", asid, "iova", hex(base.get(range)), "size", hex(size(sol, range)), "uaddr",
                        hex(uaddr(sol, range, base)), "perm", one(sol, "Step.p", i).toLowerCase()));
                for (String garble : bad) {
                    w.addAll(Names.garble(garble));
                }
                break;
            case "Invalidate":
                w.addAll(List.of("asid", asid, "iova", hex(base.get(range)), "size", hex(size(sol, range))));
                break;
            case "BatchBegin":
            case "BatchEnd":
                w.addAll(List.of("asid", asid));
                break;
            case "SetStatus":
                w.addAll(words(Names.statusBits(one(sol, "Step.st", i))));
                break;
            case "SetGroupAsid":
                w.addAll(List.of("group", number(one(sol, "Step.g", i)), "asid", asid));
                break;
            case "GetVringGroup":
            case "GetVringDescGroup":
                // The answer is the group's number; an errno otherwise.
                return List.of(new Statement.Op(verb, List.of("vq", Names.vq(one(sol, "Step.q", i))),
                        res.equals("Ok") ? number(one(sol, "Step.g", i)) : res));
            case "SetVringAddr":
                // Rings at IOVAs no range reaches, new ones at every step, so a test can tell
                // whether this request's addresses reached the parent.
                // An invalid request's used ring is 2-byte aligned only: enough for an avail ring,
                // not for a used one (VRING_USED_ALIGN_SIZE 4).
                long desc = RINGS + i * 0x10000L;
                w.addAll(List.of("vq", Names.vq(one(sol, "Step.q", i)), "desc", hex(desc), "avail", hex(desc + 0x1000),
                        "used", hex(desc + (invalid ? 0x2002 : 0x2000))));
                break;
            case "SetFeatures":
                // VERSION_1 and what the spec's request adds, in bit order.
                List<String> asked = column(sol, "Step.vf", i, 0);
                for (VirtioFeature f : VirtioFeature.values()) {
                    if (f == VirtioFeature.VERSION_1 || asked.contains(f.name())) {
                        w.add(f.name());
                    }
                }
                break;
            case "GetVringBase":
                // The base it copies out is not the spec's: the result alone.
                w.addAll(List.of("vq", Names.vq(one(sol, "Step.q", i))));
                break;
            case "SetVringBase":
                // vhost_vring_ioctl() takes a split ring's base up to 0xffff. A valid request asks
                // for 0xffff less the SET_VRING_BASEs before it: the trace's first, the last base
                // it takes, and each later one a new value (a test tells a parent that held a
                // request from one that did not by it); an invalid one for the first past 0xffff.
                w.addAll(List.of("vq", Names.vq(one(sol, "Step.q", i)), "num",
                        invalid ? "65536" : Integer.toString(0xffff - earlier(sol, i, "SetVringBase"))));
                break;
            case "DmaRead":
            case "DmaWrite":
                long iova = dmaIova(sol, i, asid, range, base);
                w.addAll(List.of("asid", asid, "iova", hex(iova), ev.equals("DmaWrite") ? "write" : "read"));
                return List.of(new Statement.Op(verb, w, dmaResult(res, iova)));
            default:
                break;
        }
        return List.of(new Statement.Op(verb, w, result(res)));
    }

    /** The DMA's address: inside the entry it hit, where the abstract range overlaps several. */
    private long dmaIova(A4Solution sol, int i, String asid, String range, Map<String, Long> base) throws SpecError {
        long start = base.get(range);
        for (String entry : column(sol, "A" + asid + ".(Dev.dev)", i, 0)) {
            long e = base.get(entry);
            if (e < start + RANGE_SIZE && start < e + RANGE_SIZE) {
                return Math.max(start, e);
            }
        }
        return start;
    }

    /** A client's belief made observable: a device write to each range it thinks mapped. */
    private List<Statement> beliefs(A4Solution sol, int i, Map<String, Long> base) throws SpecError {
        List<Statement> out = new ArrayList<>();
        for (String r : column(sol, "C.believed", i, 0)) {
            long iova = base.get(r);
            String res = column(sol, "Dev.ident", i, 0).contains("A0") ? "DmaIdentity"
                    : reachesForWrite(sol, i, iova, base) ? "DmaUser" : "DmaFault";
            out.add(new Statement.Op("dma", List.of("asid", "0", "iova", hex(iova), "write"), dmaResult(res, iova),
                    "the client believes this mapped"));
        }
        return out;
    }

    /**
     * What the info ioctls answer from open to release: the parent's address spaces and groups
     * (parent.als), its vqs (the spec's vq one past the last is nvqs), its device id (every
     * parent.als parent is a net device, VIRTIO_ID_NET), its largest ring (bigQueues[]), and
     * v->range, which is the IOMMU aperture of the unit the tool stands for (a 4-level VT-d: 48
     * address bits) where apertureRange[] holds, else all of the 64-bit space.
     */
    private List<Statement> info(A4Solution sol) throws SpecError {
        return List.of(
                new Statement.Expect(List.of("as_num", Integer.toString(column(sol, "asids[Cfg.parent]", 0, 0).size()))),
                new Statement.Expect(List.of("group_num",
                        Integer.toString(column(sol, "allGroups[Cfg.kernel, Cfg.parent]", 0, 0).size()))),
                new Statement.Expect(List.of("vqs_count", Names.vq("PastVq"))),
                new Statement.Expect(List.of("device_id", Integer.toString(VIRTIO_ID_NET))),
                new Statement.Expect(List.of("vring_num",
                        Integer.toString(holds(sol, "bigQueues[Cfg.kernel, Cfg.parent]") ? IFCVF_QUEUE_MAX : QUEUE_MAX))),
                new Statement.Expect(List.of("iova_range", hex(0),
                        hex(holds(sol, "apertureRange[Cfg.parent]") ? APERTURE_LAST : -1L))));
    }

    /**
     * expect lines for one state: status, acked backend features, each ASID's vhost-side IOTLB
     * and what the device translates it through, the ASID each group is bound to, then whether
     * vhost-vdpa is in a batch and, where the kernel keeps it, whether it is suspended.
     */
    private List<Statement> state(A4Solution sol, int i, Map<String, Long> base) throws SpecError {
        List<Statement> out = new ArrayList<>();
        List<String> status = new ArrayList<>(List.of("status"));
        status.addAll(words(Names.statusBits(one(sol, "Dev.status", i))));
        out.add(new Statement.Expect(status));
        List<String> acked = new ArrayList<>(List.of("backend_features"));
        acked.addAll(words(bits(sol, "Dev.acked", i)));
        out.add(new Statement.Expect(acked));
        for (String asid : column(sol, "asids[Cfg.parent]", i, 0).stream().sorted().toList()) {
            String a = number(asid);
            if (!column(sol, "Dev.hasAs", i, 0).contains(asid)) {
                out.add(new Statement.Expect(List.of("iotlb", "asid", a, "empty")));
            } else {
                out.add(new Statement.Expect(entries(List.of("iotlb", "asid", a), sol, asid + ".(Dev.vh)", i, base)));
            }
            if (column(sol, "Dev.ident", i, 0).contains(asid)) {
                out.add(new Statement.Expect(List.of("device", "asid", a, "identity")));
            } else {
                out.add(new Statement.Expect(entries(List.of("device", "asid", a), sol, asid + ".(Dev.dev)", i, base)));
            }
        }
        for (String group : column(sol, "allGroups[Cfg.kernel, Cfg.parent]", i, 0).stream().sorted().toList()) {
            out.add(new Statement.Expect(List.of("group", number(group), "asid",
                    number(one(sol, group + ".(Dev.g2a)", i)))));
        }
        String batch = one(sol, "Dev.batch", i);
        out.add(new Statement.Expect(batch == null ? List.of("batch", "none") : List.of("batch", "asid", number(batch))));
        out.add(new Statement.Expect(List.of("owner", one(sol, "Dev.owned", i) == null ? "no" : "yes")));
        // v->suspended exists from v6.8 (suspend.als): elsewhere there is nothing to compare.
        if (holds(sol, "TrackSuspended in Cfg.kernel.changes")) {
            out.add(new Statement.Expect(List.of("suspended", one(sol, "Dev.suspended", i) == null ? "no" : "yes")));
        }
        return out;
    }

    private boolean reachesForWrite(A4Solution sol, int i, long iova, Map<String, Long> base) throws SpecError {
        for (A4Tuple t : tuples(sol, "A0.(Dev.dev)", i)) {
            long e = base.get(simple(t.atom(0)));
            if (simple(t.atom(1)).equals("RW") && e <= iova && iova < e + RANGE_SIZE) {
                return true;
            }
        }
        return false;
    }

    private List<String> entries(List<String> head, A4Solution sol, String table, int i, Map<String, Long> base)
            throws SpecError {
        TreeMap<Long, String> sorted = new TreeMap<>(Long::compareUnsigned);
        for (A4Tuple t : tuples(sol, table, i)) {
            sorted.put(base.get(simple(t.atom(0))), simple(t.atom(1)).toLowerCase());
        }
        List<String> w = new ArrayList<>(head);
        if (sorted.isEmpty()) {
            w.add("empty");
            return w;
        }
        w.add("{");
        sorted.forEach((iova, perm) -> w.addAll(List.of(hex(iova), "size", hex(RANGE_SIZE), "uaddr", hex(user(iova)),
                "perm", perm)));
        w.add("}");
        return w;
    }

    /** A range's size: 8 KiB, or 0 for a {@code Whole} one. */
    private long size(A4Solution sol, String range) throws SpecError {
        return column(sol, "Whole", 0, 0).contains(range) ? 0 : RANGE_SIZE;
    }

    /**
     * Where each abstract range starts. Ranges are laid out end to end, each right after the
     * highest end so far (disjoint ranges touch, so an off-by-one in an overlap check shows), or
     * 4 KiB into the first earlier range it overlaps; the layout must then overlap exactly where
     * the solution says, or the trace would claim what its values contradict. A {@code Whole}
     * range is iova 0, size 0, which overlaps everything by definition. The ranges in {@code top}
     * end at the IOVA window's last byte instead: the aperture's, or 2^64 - 1.
     */
    private Map<String, Long> concretise(A4Solution sol, List<String> top) throws SpecError {
        List<String> whole = column(sol, "Whole", 0, 0);
        List<String> ranges = column(sol, "Range", 0, 0);
        ranges.removeAll(whole);
        ranges.sort((x, y) -> Integer.compare(index(x), index(y)));
        Set<String> overlaps = new HashSet<>();
        for (A4Tuple t : tuples(sol, "overlaps", 0)) {
            overlaps.add(simple(t.atom(0)) + " " + simple(t.atom(1)));
        }
        Map<String, Long> base = new LinkedHashMap<>();
        // Beside a Whole range the others start above 0, so that an unmap reading iova 0, size 0
        // as [0, 0] instead of everything misses them. Beyond ranges go above the aperture, past
        // the IOVA window; where the window is the whole 64-bit space, the one Beyond range starts
        // 4 KiB below 2^64, so that its end wraps to 0xfff, and the others start above it (as a
        // signed long it is [-4 KiB, 4 KiB), so the check below holds for it as well). The spec
        // overlaps them with no range inside it. A range in {@code top}, which overlaps no other,
        // ends at the window's last byte.
        List<String> beyond = column(sol, "Beyond", 0, 0);
        boolean aperture = holds(sol, "apertureRange[Cfg.parent]");
        long low = !whole.isEmpty() ? RANGE_SIZE : !beyond.isEmpty() && !aperture ? WRAP : 0;
        long windowEnd = aperture ? APERTURE_LAST + 1 : 0;
        long[] end = {low, aperture ? APERTURE_LAST + 1 : -WRAP};
        for (String r : ranges) {
            if (top.contains(r)) {
                base.put(r, windowEnd - RANGE_SIZE);
                continue;
            }
            int region = beyond.contains(r) ? 1 : 0;
            long b = end[region];
            for (String earlier : base.keySet()) {
                if (overlaps.contains(earlier + " " + r)) {
                    b = base.get(earlier) + 0x1000;
                    break;
                }
            }
            base.put(r, b);
            end[region] = Math.max(end[region], b + RANGE_SIZE);
        }
        for (String x : ranges) {
            for (String y : ranges) {
                boolean concrete = base.get(x) < base.get(y) + RANGE_SIZE && base.get(y) < base.get(x) + RANGE_SIZE;
                if (concrete != overlaps.contains(x + " " + y)) {
                    throw new IllegalStateException("no layout of 8 KiB ranges overlaps as " + overlaps + " does");
                }
            }
        }
        whole.forEach(r -> base.put(r, 0L));
        return base;
    }

    /** A set of backend feature bits in a solution's first state, in the uapi's order. */
    public String bits(A4Solution sol, String expr) throws SpecError {
        return bits(sol, expr, 0);
    }

    /** Whether a formula holds in a solution's first state: for one about static relations, in every state. */
    public boolean holds(A4Solution sol, String formula) throws SpecError {
        return (Boolean) sol.eval(parsed(formula), 0);
    }

    private String bits(A4Solution sol, String expr, int i) throws SpecError {
        List<String> order = spec.atoms("Bit");
        List<String> set = column(sol, expr, i, 0);
        StringBuilder sb = new StringBuilder();
        for (String b : order) {
            if (set.contains(b)) {
                sb.append(sb.length() == 0 ? "" : " ").append(b);
            }
        }
        return sb.toString();
    }

    /** How many of the events before state {@code i} are {@code ev}. */
    private int earlier(A4Solution sol, int i, String ev) throws SpecError {
        int n = 0;
        for (int j = 0; j < i; j++) {
            n += ev.equals(one(sol, "Step.ev", j)) ? 1 : 0;
        }
        return n;
    }

    private String one(A4Solution sol, String expr, int i) throws SpecError {
        List<String> c = column(sol, expr, i, 0);
        return c.isEmpty() ? null : c.get(0);
    }

    private List<String> column(A4Solution sol, String expr, int i, int col) throws SpecError {
        List<String> out = new ArrayList<>();
        for (A4Tuple t : tuples(sol, expr, i)) {
            out.add(simple(t.atom(col)));
        }
        return out;
    }

    private A4TupleSet tuples(A4Solution sol, String expr, int i) throws SpecError {
        return (A4TupleSet) sol.eval(parsed(expr), i);
    }

    private Expr parsed(String expr) throws SpecError {
        Expr e = exprs.get(expr);
        if (e == null) {
            e = spec.parse(expr);
            exprs.put(expr, e);
        }
        return e;
    }

    /**
     * Range atoms keep their index ("Range$1"); one-sig atoms lose it and their module path
     * ("state/Open$0" → "Open").
     */
    static String simple(String atom) {
        String a = atom.substring(atom.lastIndexOf('/') + 1);
        return a.startsWith("Range$") ? a : a.replaceAll("\\$\\d+$", "");
    }

    private static int index(String rangeAtom) {
        return Integer.parseInt(rangeAtom.substring(rangeAtom.indexOf('$') + 1));
    }

    private static String number(String atom) {
        return atom == null ? null : atom.substring(1);
    }

    private static String result(String res) {
        return res == null ? null : res.equals("Ok") ? "ok" : res;
    }

    private static String dmaResult(String res, long iova) {
        return switch (res) {
            case "DmaUser" -> hex(user(iova));
            case "DmaIdentity" -> "identity";
            default -> "fault";
        };
    }

    private static List<String> words(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
