package org.vdpacheck.tool.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import edu.mit.csail.sdg.translator.A4Solution;
import org.vdpacheck.tool.alloy.GoalWriting;
import org.vdpacheck.tool.alloy.Spec;
import org.vdpacheck.tool.alloy.SpecError;
import org.vdpacheck.tool.alloy.Witnesses;

/**
 * The coverage goals of a spec, derived from its atoms: every event in every status and with
 * every result, every backend feature bit accepted and refused, every event of uaccess.als's
 * {@code argEvents} made with a bad address, the scenarios of {@link Scenarios}, and the
 * situation of every assertion; each in every kernel × parent. Only the goals that ask for a bad
 * address (and the scenarios that do) have witnesses with one, and only the scenarios about ring
 * values vhost refuses pass one: the others are about well-formed requests.
 *
 * <p>The solver sees them as a module that opens the spec and makes the goal a static choice
 * ({@code Pick}): a configuration is a kernel, a parent and a goal, and a trace of it is a
 * witness whose last event reaches the goal, the device stuttering after it.
 */
final class GoalSpace {
    private static final Map<String, Goal.Kind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("EventInStatus", Goal.Kind.EVENT_IN_STATUS);
        KINDS.put("EventResult", Goal.Kind.EVENT_RESULT);
        KINDS.put("BitAccepted", Goal.Kind.BIT_ACCEPTED);
        KINDS.put("BitRefused", Goal.Kind.BIT_REFUSED);
        KINDS.put("BadAddress", Goal.Kind.BAD_ADDRESS);
        KINDS.put("Scenario", Goal.Kind.SCENARIO);
    }

    final List<String> kernels;
    final List<String> parents;
    private final List<String> events;
    /** The events the spec lets userspace make with a bad address (uaccess.als's argEvents). */
    private final List<String> argEvents;
    private final List<String> statuses;
    private final List<String> results;
    private final List<String> bits;
    /** Scenario atom → its condition in the spec's language, in goal order. */
    private final Map<String, String> scenarios = new LinkedHashMap<>();

    private GoalSpace(Spec spec) throws SpecError {
        this.kernels = spec.atoms("Kernel");
        this.parents = spec.atoms("Parent");
        this.events = spec.atoms("Event").stream().filter(e -> !e.equals("Stutter")).toList();
        this.argEvents = spec.union("argEvents");
        this.statuses = spec.atoms("Status");
        this.results = spec.atoms("Result");
        this.bits = spec.atoms("Bit");
        for (String s : Scenarios.fixed()) {
            scenarios.put(s, Scenarios.condition(s));
        }
        for (String a : spec.assertions()) {
            spec.situation(a).ifPresent(situation -> scenarios.put(Scenarios.ofAssertion(a), situation));
        }
    }

    static GoalSpace of(Spec spec) throws SpecError {
        return new GoalSpace(spec);
    }

    /** Every goal, reachable or not, in the order reports and tests follow. */
    List<Goal> goals() {
        List<Goal> out = new ArrayList<>();
        for (String k : kernels) {
            for (String p : parents) {
                for (String e : events) {
                    statuses.forEach(s -> out.add(new Goal(k, p, Goal.Kind.EVENT_IN_STATUS, e, s)));
                }
                for (String e : events) {
                    results.forEach(r -> out.add(new Goal(k, p, Goal.Kind.EVENT_RESULT, e, r)));
                }
                bits.forEach(b -> out.add(new Goal(k, p, Goal.Kind.BIT_ACCEPTED, b, null)));
                bits.forEach(b -> out.add(new Goal(k, p, Goal.Kind.BIT_REFUSED, b, null)));
                argEvents.forEach(e -> out.add(new Goal(k, p, Goal.Kind.BAD_ADDRESS, e, null)));
                scenarios.keySet().forEach(s -> out.add(new Goal(k, p, Goal.Kind.SCENARIO, s, null)));
            }
        }
        return out;
    }

    /**
     * The module the solver enumerates: the goal as a static choice, any userspace, the condition
     * each goal puts on the last event, and one shape of IOVA ranges per goal, so that no goal comes
     * back once per shape: {@code ranges} disjoint ones (concretised end to end, so they touch),
     * except for the scenarios about partial overlaps, which get one overlapping pair, and those
     * about size 0, which get one {@code Whole} range, those about unmapped user memory one
     * {@code Unbacked} range, and those past the IOVA window one {@code Beyond} range.
     */
    String module(int ranges) {
        StringBuilder m = new StringBuilder();
        m.append("module generate\n");
        m.append("-- Written by vdpacheck generate: the coverage goals as a static choice.\n");
        m.append("open vdpacheck\n\n");
        m.append("abstract sig Kind {}\none sig ").append(String.join(", ", KINDS.keySet())).append(" extends Kind {}\n");
        m.append("abstract sig Extra {}\none sig ").append(String.join(", ", scenarios.keySet()))
                .append(" extends Extra {}\n");
        m.append("one sig Pick { kind: one Kind, ev: lone Event, st: lone Status, res: lone Result, bit: lone Bit, "
                + "extra: lone Extra }\n\n");
        m.append("fact goals {\n");
        m.append("  Run.client = AnyClient and Pick.ev != Stutter\n");
        m.append("  Pick.kind in EventInStatus + EventResult + BadAddress iff one Pick.ev\n");
        m.append("  Pick.kind = EventInStatus iff one Pick.st\n");
        m.append("  Pick.kind = EventResult iff one Pick.res\n");
        m.append("  Pick.kind in BitAccepted + BitRefused iff one Pick.bit\n");
        m.append("  Pick.kind = Scenario iff one Pick.extra\n");
        m.append("  (Pick.kind = BadAddress or some Pick.extra & (")
                .append(String.join(" + ", Scenarios.with(Scenarios.Argument.BAD)))
                .append(")) or always no Step.bad\n");
        m.append("  some Pick.extra & (").append(String.join(" + ", Scenarios.with(Scenarios.Argument.INVALID)))
                .append(") or always no Step.invalid\n");
        // The process is the owner, as every program modelled makes itself, except in the goals
        // about ownership: otherwise the owner check, which comes first, answers the shortest
        // witness of every IOTLB message's EFAULT and every ring request's bad address.
        m.append("  (Pick.ev = SetOwner or Pick.res = EPERM or some Pick.extra & (")
                .append(String.join(" + ", Scenarios.withoutOwner()))
                .append(")) or no SkipsSetOwner\n");
        m.append("}\n");
        // `some Pick.extra & S`, not `Pick.extra in S`: the goals that are not scenarios have no
        // extra, and the empty set is in every set.
        // Ram means nothing to AnyClient, but it is part of a configuration: left free beside an
        // Unbacked range, each such goal came back once per choice of it.
        m.append("fact shape {\n  #Range = ").append(ranges).append(" and #Ram = 1 and no Ram & (Unbacked + Beyond)\n");
        m.append("  some Pick.extra & (").append(String.join(" + ", Scenarios.shaped(Scenarios.Shape.OVERLAPPING)))
                .append(")\n    implies #(overlaps - iden) = 2\n")
                .append("    else no (Range - Whole) <: (overlaps - iden) :> (Range - Whole)\n");
        for (Scenarios.Shape shape : Scenarios.Shape.values()) {
            if (shape.kind != null) {
                m.append("  some Pick.extra & (").append(String.join(" + ", Scenarios.shaped(shape)))
                        .append(") implies one ").append(shape.kind).append(" else no ").append(shape.kind).append("\n");
            }
        }
        m.append("  some Pick.extra & (").append(String.join(" + ", Scenarios.withTightMemlock()))
                .append(") iff some TightMemlock\n");
        Scenarios.throughout().forEach((s, every) -> m.append("  Pick.extra = ").append(s).append(" implies always (")
                .append(every).append(")\n"));
        m.append("}\n\n");
        m.append("pred goalStep {\n");
        m.append("  Pick.kind = EventInStatus implies (Step.ev = Pick.ev and Dev.status = Pick.st)\n");
        m.append("  Pick.kind = EventResult implies (Step.ev = Pick.ev and Step.res = Pick.res)\n");
        m.append("  Pick.kind = BitAccepted implies (Step.ev = SetBackendFeatures and Pick.bit in Step.bits "
                + "and Step.res = Ok)\n");
        m.append("  Pick.kind = BitRefused implies (Step.ev = SetBackendFeatures and Pick.bit in Step.bits "
                + "and Step.res != Ok)\n");
        m.append("  Pick.kind = BadAddress implies (Step.ev = Pick.ev and Step.bad = Null)\n");
        scenarios.forEach((s, condition) -> m.append("  Pick.extra = ").append(s).append(" implies (")
                .append(condition).append(")\n"));
        m.append("}\n\n");
        m.append("-- The scope every witness is searched in; the generator sets ranges and steps.\n");
        m.append("run witness { eventually goalStep } for 3 but ").append(ranges).append(" Range\n");
        return m.toString();
    }

    /** The shortest witness: the state its goal step is taken in, and the one it stutters in after. */
    static final int SHORTEST = 2;

    /**
     * Witnesses of {@code length} states of every goal of these kernels: the goal reached by the
     * event of the last state but one, then stutter. Each length is enumerated once every shorter
     * one is done, and a goal reached sooner and stuttered on would have had a witness of that
     * shorter length, so {@code eventually goalStep} would find no more. It cost more: the goal
     * conditions encoded in every state instead of one (13,366 variables against 12,698 at 3
     * states), and a command for 1 state, which has no step after its goal step.
     */
    static String formula(List<String> kernels, int length) {
        return "Cfg.kernel in (" + String.join(" + ", kernels) + ") and " + "after ".repeat(length - SHORTEST)
                + "(goalStep and after always Step.ev = Stutter)";
    }

    /**
     * Every goal the last event of a witness reaches: the goal it was asked for (a scenario's is
     * decided by the solver), and the event's status, result and bits, which other goals ask for.
     */
    static List<Goal> reached(Witnesses w, A4Solution sol) throws SpecError {
        String k = one(w, sol, "Cfg.kernel", 0);
        String p = one(w, sol, "Cfg.parent", 0);
        List<Goal> out = new ArrayList<>();
        out.add(new Goal(k, p, KINDS.get(one(w, sol, "Pick.kind", 0)), first(w, sol, "Pick.ev + Pick.bit + Pick.extra"),
                first(w, sol, "Pick.st + Pick.res")));
        // The last event: the trace stutters from the state after it to its loop. A bad address,
        // a ring value vhost refuses, user memory the process does not have, or an IOVA past the
        // window, answers for no goal about other requests; nor does a goal step the concretiser
        // writes apart, so that the other goals' tests keep their IOVAs low and messages whole.
        int last = goalStep(sol);
        if (!w.atoms(sol, "Step.bad + Step.invalid", last).isEmpty()
                || !w.atoms(sol, "Step.r & (Unbacked + Beyond)", last).isEmpty() || writtenApart(out.get(0))) {
            return out;
        }
        String ev = one(w, sol, "Step.ev", last);
        out.add(new Goal(k, p, Goal.Kind.EVENT_IN_STATUS, ev, one(w, sol, "Dev.status", last)));
        String res = first(w, sol, "Step.res", last);
        if (res != null) {
            out.add(new Goal(k, p, Goal.Kind.EVENT_RESULT, ev, res));
        }
        if (ev.equals("SetBackendFeatures")) {
            Goal.Kind kind = "Ok".equals(res) ? Goal.Kind.BIT_ACCEPTED : Goal.Kind.BIT_REFUSED;
            w.atoms(sol, "Step.bits", last).forEach(b -> out.add(new Goal(k, p, kind, b, null)));
        }
        return out;
    }

    /**
     * How the concretiser writes the goal step of a witness of {@code g}: for the scenarios that
     * say, its range at the IOVA window's top, or its request ended with a garble the kernel
     * accepts; else plainly.
     */
    static GoalWriting writing(Witnesses w, A4Solution sol, Goal g) throws SpecError {
        if (g.kind() != Goal.Kind.SCENARIO) {
            return GoalWriting.PLAIN;
        }
        List<String> top = atTop(g) ? w.atoms(sol, "Step.r", goalStep(sol)) : List.of();
        return new GoalWriting(top, Scenarios.endedWith(g.subject()));
    }

    /** A goal whose witness's goal step is not written plainly, and so answers for it alone. */
    private static boolean writtenApart(Goal g) {
        return g.kind() == Goal.Kind.SCENARIO && (atTop(g) || !Scenarios.endedWith(g.subject()).isEmpty());
    }

    private static boolean atTop(Goal g) {
        return Scenarios.shaped(Scenarios.Shape.TOP).contains(g.subject());
    }

    /** The state of a witness's last event, the one that reaches its goal: after it, stutter. */
    private static int goalStep(A4Solution sol) {
        return sol.getTraceLength() - SHORTEST;
    }

    /** The choice in the goal module that asks for a goal: its kernel, parent and {@code Pick}. */
    static Map<String, String> choice(Goal g) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("Cfg.kernel", g.kernel());
        c.put("Cfg.parent", g.parent());
        KINDS.forEach((atom, kind) -> {
            if (kind == g.kind()) {
                c.put("Pick.kind", atom);
            }
        });
        switch (g.kind()) {
            case EVENT_IN_STATUS -> {
                c.put("Pick.ev", g.subject());
                c.put("Pick.st", g.detail());
            }
            case EVENT_RESULT -> {
                c.put("Pick.ev", g.subject());
                c.put("Pick.res", g.detail());
            }
            case BIT_ACCEPTED, BIT_REFUSED -> c.put("Pick.bit", g.subject());
            case BAD_ADDRESS -> c.put("Pick.ev", g.subject());
            case SCENARIO -> c.put("Pick.extra", g.subject());
        }
        return c;
    }

    private static String one(Witnesses w, A4Solution sol, String expr, int state) throws SpecError {
        return w.atoms(sol, expr, state).get(0);
    }

    private static String first(Witnesses w, A4Solution sol, String expr) throws SpecError {
        return first(w, sol, expr, 0);
    }

    private static String first(Witnesses w, A4Solution sol, String expr, int state) throws SpecError {
        List<String> atoms = w.atoms(sol, expr, state);
        return atoms.isEmpty() ? null : atoms.get(0);
    }
}
