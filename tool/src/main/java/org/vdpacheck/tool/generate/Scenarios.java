package org.vdpacheck.tool.generate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vdpacheck.tool.alloy.Names;

/**
 * The scenario goals: the situations the compatibility argument turns on, as conditions on a
 * step of the spec, and the situation of every assertion (the predicate it is about, read from
 * the spec), so that no assertion holds only because its situation never arises.
 */
final class Scenarios {
    private static final String PREFIX = "SituationOf";
    /** Every address space holds a mapping in the vhost-side IOTLB. */
    private static final String ALL_MAPPED = "(all a: Asid | some a.(Dev.vh))";
    /** The one scenario about a process that made no SET_OWNER. */
    private static final String WITHOUT_OWNER = "UpdateWithoutOwner";
    /** The one scenario whose goal step's UPDATE is written without the union's padding. */
    private static final String CUT_IN_PADDING = "UpdateCutInPadding";
    /** The words that write it so: the message's first 8 + 32 bytes. */
    private static final List<String> IOTLB_MESSAGE_ONLY = List.of("bytes", "40");
    private static final String RESET = "Step.ev = SetStatus and Step.st = S0 and Step.res = Ok";

    /**
     * The IOVA ranges a scenario's witness gets; {@code kind}, the spec's subset of Range that one
     * of them is in (and that no other goal's ranges are), or null.
     */
    enum Shape {
        /** Disjoint ranges, as every goal but a scenario's that asks otherwise. */
        DISJOINT(null),
        /** One pair that overlaps. */
        OVERLAPPING(null),
        /** One of them the message iova 0, size 0 ({@code Whole}), the others disjoint. */
        WHOLE("Whole"),
        /** Disjoint, one of them {@code Unbacked}: its user range runs past the end of guest RAM. */
        UNBACKED("Unbacked"),
        /** Disjoint, one of them {@code Beyond}: past the IOVA window, or wrapping past 2^64. */
        BEYOND("Beyond"),
        /**
         * Disjoint, the goal step's range placed by the concretiser so that its last byte is the
         * IOVA window's: the spec has no atom for it, since no check tells it from any other.
         */
        TOP(null);

        final String kind;

        Shape(String kind) {
            this.kind = kind;
        }
    }

    /** What the arguments of a witness's requests may be. */
    enum Argument {
        /** Well-formed, as every goal's but a scenario's that asks otherwise. */
        SOUND,
        /** A request may pass a bad argument ({@code Step.bad}): a bad address, a garbled message. */
        BAD,
        /** A ring request may pass a value vhost refuses ({@code Step.invalid}). */
        INVALID
    }

    /**
     * {@code tightMemlock}: the witness's owner has the spec's {@code TightMemlock}, every other
     * none; {@code throughout}: what every step of the witness meets, or null. A condition on the
     * steps before the goal's, said with a past-time operator, cost the whole generation 9 s (the
     * encoding of every goal changes); one on all steps costs nothing measurable.
     */
    private record Scenario(String description, String condition, Shape shape, boolean tightMemlock,
            String throughout, Argument argument) {
        Scenario(String description, String condition, Shape shape, boolean tightMemlock, String throughout) {
            this(description, condition, shape, tightMemlock, throughout, Argument.SOUND);
        }

        static Scenario with(Argument argument, String description, String condition) {
            return new Scenario(description, condition, Shape.DISJOINT, false, null, argument);
        }

        Scenario(String description, String condition, Shape shape) {
            this(description, condition, shape, false, null);
        }

        Scenario(String description, String condition) {
            this(description, condition, Shape.DISJOINT);
        }
    }

    private static final Map<String, Scenario> FIXED = new LinkedHashMap<>();

    static {
        FIXED.put("ResetWithPersist", new Scenario("reset with IOTLB_PERSIST acked, both ASIDs mapped",
                RESET + " and IOTLB_PERSIST in Dev.acked and " + ALL_MAPPED));
        FIXED.put("ResetWithoutPersist", new Scenario("reset without IOTLB_PERSIST, both ASIDs mapped",
                RESET + " and IOTLB_PERSIST not in Dev.acked and " + ALL_MAPPED));
        FIXED.put("ReleaseWithPersist", new Scenario("release with IOTLB_PERSIST acked, both ASIDs mapped",
                "Step.ev = Release and IOTLB_PERSIST in Dev.acked and " + ALL_MAPPED));
        FIXED.put("ReleaseWithoutPersist", new Scenario("release without IOTLB_PERSIST, both ASIDs mapped",
                "Step.ev = Release and IOTLB_PERSIST not in Dev.acked and " + ALL_MAPPED));
        // BATCH_END of a batch that stayed open across a reset (in_batch survives SET_STATUS 0).
        FIXED.put("BatchAcrossReset", new Scenario("batch spanning a reset",
                "Step.ev = BatchEnd and Step.res = Ok and ((some Dev.batch) since (" + RESET + " and some Dev.batch))"));
    }

    static {
        // v6.8 refuses vq changes in DRIVER_OK unless the device is suspended (v->suspended, which
        // only v6.8+ keeps): a witness of the exception.
        FIXED.put("VqChangeWhileSuspended", new Scenario("vq change in DRIVER_OK while suspended",
                "Step.ev in SetVringAddr + SetVringBase and Dev.status = DriverOk and some Dev.suspended"));
        // v6.8's v->suspended is cleared by a successful RESUME (vhost_vdpa_resume()); no other
        // goal's shortest witness resumes a device it suspended, so none shows the flag go.
        FIXED.put("ResumeWhileSuspended", new Scenario("resume of a suspended device",
                "Step.ev = Resume and Step.res = Ok and some Dev.suspended"));
        // A reset clears it too (_compat_vdpa_reset(), v6.8): the device runs again from status 0
        // unsuspended, which no shortest witness of a reset's other goals shows either.
        FIXED.put("ResetWhileSuspended", new Scenario("reset of a suspended device",
                RESET + " and some Dev.suspended"));
        // Every parent's reset puts each group back on ASID 0 (mlx5 init_group_to_asid_map(),
        // vdpasim_do_reset()), where the other goals' shortest witnesses never moved one: a reset
        // with a group on an address space that holds an entry, whose DMA the reset takes away
        // from that group (and, on mlx5 before v6.7, moves the data MR back to ASID 0).
        FIXED.put("ResetWithGroupOffAsidZero", new Scenario("reset with a group bound to a mapped ASID other than 0",
                RESET + " and some g: Group | g.(Dev.g2a) != A0 and some g.(Dev.g2a).(Dev.vh)"));
        // mlx5's is_index_valid() admits the cvq only once CTRL_VQ is negotiated: a change that
        // reaches it (the goals of each result would take the shortest, refused, one).
        FIXED.put("CvqChangeAfterCtrlVq", new Scenario("cvq change accepted with CTRL_VQ negotiated",
                "Step.ev in SetVringAddr + SetVringBase and Step.q = Cvq and some Dev.ctrlVq and Step.res = Ok"));
    }

    static {
        // The kernel refuses an UPDATE overlapping any entry even in part, and INVALIDATE removes
        // every entry it touches whole (vhost_vdpa_process_iotlb_update(), vhost_vdpa_unmap()).
        String partly = " and some msgAsid[Step.a].(Dev.vh).Perm & (Step.r.overlaps - Step.r)";
        FIXED.put("UpdateOverlappingPartly", new Scenario("update overlapping an entry in part",
                "Step.ev = Update" + partly, Shape.OVERLAPPING));
        FIXED.put("InvalidateOverlappingPartly", new Scenario("invalidate overlapping an entry in part",
                "Step.ev = Invalidate and Step.res = Ok" + partly, Shape.OVERLAPPING));
        // Size 0: an UPDATE's framing error, an INVALIDATE at iova 0 that empties the address space.
        FIXED.put("UpdateOfSizeZero", new Scenario("update of size 0", "Step.ev = Update and Step.r in Whole",
                Shape.WHOLE));
        FIXED.put("InvalidateEverything", new Scenario("invalidate iova 0 size 0 with an entry mapped",
                "Step.ev = Invalidate and Step.res = Ok and Step.r in Whole and some msgAsid[Step.a].(Dev.vh)",
                Shape.WHOLE));
    }

    static {
        // No other goal's shortest witness maps two ranges into one address space, so without
        // these no test has neighbouring entries: the harness's accesses across the boundary of
        // two entries after each step (one segment each, vringh's iotlb_translate()), an UPDATE
        // just beside an entry, or an INVALIDATE that leaves the other (vhost_iotlb_del_range()).
        String mapped = "(msgAsid[Step.a].(Dev.vh))";
        FIXED.put("UpdateBesideEntry", new Scenario("update beside an entry of the other permission",
                "Step.ev = Update and Step.res = Ok and some " + mapped + " and Step.p not in Range." + mapped));
        FIXED.put("InvalidateOneOfTwo", new Scenario("invalidate one of two entries",
                "Step.ev = Invalidate and Step.res = Ok and some Step.r." + mapped + " and some (Range - Step.r)."
                        + mapped));
        // What a parent rebuilds or drops whole, with two entries in one table: set_map of both at
        // a BATCH_END, the reset paths, and the unmap of everything at release.
        String twoIn = "some disj x, y: Range | x + y in ";
        FIXED.put("BatchOfTwo", new Scenario("batch end with two entries in the batch's ASID",
                "Step.ev = BatchEnd and Step.res = Ok and " + twoIn + "Dev.batch.(Dev.vh).Perm"));
        FIXED.put("ResetWithTwoInOne", new Scenario("reset with two entries in one ASID",
                RESET + " and some a: Asid | " + twoIn + "a.(Dev.vh).Perm"));
        FIXED.put("ReleaseWithTwoInOne", new Scenario("release with two entries in one ASID",
                "Step.ev = Release and some a: Asid | " + twoIn + "a.(Dev.vh).Perm"));
    }

    static {
        // RLIMIT_MEMLOCK holding one range: the PA path refuses a second pinned range
        // (vhost_vdpa_pa_map()), and an unmap gives its pages back (vhost_vdpa_pa_unmap()); a
        // use_va parent pins nothing. Only the limit could refuse the UPDATE of the first.
        String asid = "msgAsid[Step.a]";
        FIXED.put("UpdatePastMemlock", new Scenario("update with one range pinned and RLIMIT_MEMLOCK for one",
                "Step.ev = Update and some Dev.vh and " + asid + " in asids[P] and no Dev.batch - " + asid
                        + " and no overlapping[" + asid + ", Step.r]", Shape.DISJOINT, true, null));
        // An address space with no entry, and no BATCH_BEGIN to have allocated it: an UPDATE
        // allocated it and an INVALIDATE emptied it again.
        FIXED.put("UpdateAfterUnpin", new Scenario("update after the pinned range was unmapped, RLIMIT_MEMLOCK for one",
                "Step.ev = Update and Step.res = Ok and no Dev.vh and " + asid + " in Dev.hasAs",
                Shape.DISJOINT, true, "Step.ev != BatchBegin"));
    }

    static {
        // An IOTLB message from a process that made no SET_OWNER: the handler's owner check
        // (iotlb.als). The goal of UPDATE's EFAULT has a shorter witness of another cause.
        FIXED.put(WITHOUT_OWNER, new Scenario("update without SET_OWNER",
                "Step.ev = Update and no Dev.owned and Step.r not in Whole"));
    }

    static {
        // Group number 2: mlx5's descriptor group from v6.7, past ngroups elsewhere, where before
        // the 2025 ngroups check vdpa_sim's own off-by-one check lets it through (groups.als).
        // No other goal asks for a group a parent lacks.
        FIXED.put("SetGroupAsidOfGroupTwo", new Scenario("set_group_asid of group 2",
                "Step.ev = SetGroupAsid and Step.g = G2"));
    }

    static {
        // An UPDATE whose user range runs past guest RAM gets past every check, then
        // vhost_vdpa_va_map()/pa_map() fail and unmap what they mapped (iotlb.als,
        // unbackedDevice): the IOTLB must be as before, with its neighbour entry, and the parent
        // handed the table again unless batching, where it may differ from the IOTLB.
        String asid = "msgAsid[Step.a]";
        String mapping = "Step.ev = Update and Step.r in Unbacked - Whole and " + asid + " in asids[P] and no Dev.batch - "
                + asid + " and no overlapping[" + asid + ", Step.r]";
        FIXED.put("UpdateUnbacked", new Scenario("update of a user range past the end of guest RAM", mapping,
                Shape.UNBACKED));
        FIXED.put("UpdateUnbackedBesideEntry", new Scenario("update of a user range past guest RAM beside an entry",
                mapping + " and some " + asid + ".(Dev.vh)", Shape.UNBACKED));
        FIXED.put("UpdateUnbackedInBatch", new Scenario("update of a user range past guest RAM in a batch",
                mapping + " and some Dev.batch", Shape.UNBACKED));
        FIXED.put("UpdateUnbackedStaleDevice", new Scenario(
                "update of a user range past guest RAM, the device's table not the IOTLB",
                mapping + " and no Dev.batch and some " + asid + ".(Dev.vh) and (" + asid + " in Dev.ident or " + asid
                        + ".(Dev.vh) != " + asid + ".(Dev.dev))", Shape.UNBACKED));
        // An UPDATE past v->range (iotlb.als): the platform IOMMU's aperture, or on the other parents
        // past 2^64; refused once the address space is allocated, beside an entry inside the window.
        FIXED.put("UpdateBeyondWindow", new Scenario("update past the IOVA window beside an entry",
                "Step.ev = Update and Step.r in Beyond and " + asid + " in asids[P] and no Dev.batch - " + asid
                        + " and some " + asid + ".(Dev.vh)", Shape.BEYOND));
        // The window's checks are inclusive (vhost_vdpa_process_iotlb_update(): iova > U64_MAX -
        // size + 1, iova + size - 1 > v->range.last): an UPDATE ending at the window's last byte,
        // 2^64 - 1 or the aperture's, is accepted, and every translation must stop at that end.
        // Generator.search() places the range there.
        FIXED.put("UpdateAtWindowTop", new Scenario("update ending at the last byte of the IOVA window",
                "Step.ev = Update and Step.res = Ok", Shape.TOP));
        // vhost_chr_write_iter() copies the type, the asid and sizeof(struct vhost_iotlb_msg) of a
        // struct vhost_msg_v2, 40 bytes, and answers sizeof(struct vhost_msg_v2), 72: the rest of
        // the union is padding it never reads. The spec cannot tell such a write from a whole one;
        // Generator.search() writes the goal step's UPDATE so.
        FIXED.put(CUT_IN_PADDING, new Scenario("update written up to the end of its IOTLB message",
                "Step.ev = Update and Step.res = Ok"));
    }

    static {
        // vhost_vdpa_set_features() refuses at FEATURES_OK before it copies its argument: the one
        // request whose answer to a bad address depends on the state (uaccess.als). Its goal's
        // shortest witness makes it in status 0, where the copy fails.
        FIXED.put("SetFeaturesBadAddressAtFeaturesOk", Scenario.with(Argument.BAD,
                "set_features bad_address at FEATURES_OK",
                "Step.ev = SetFeatures and Step.bad = Null and Dev.status = FeaturesOk"));
    }

    static {
        // Each ring request with a struct readable only for its index (uaccess.als), made by the
        // owner on a vq the device has, so that it gets past the checks before the struct's copy.
        List.of("GetVringGroup", "GetVringDescGroup", "SetGroupAsid", "SetVringAddr", "SetVringBase", "GetVringBase")
                .forEach(e -> FIXED.put(e + "IndexOnly", Scenario.with(Argument.BAD, Names.verb(e)
                        + " readable only for its index", "Step.ev = " + e
                        + " and Step.bad = IndexOnly and some Dev.owned and no Step.q & PastVq")));
    }

    static {
        // An UPDATE written wrong (uaccess.als): each framing vhost_chr_write_iter() refuses, the
        // asid cut once IOTLB_ASID is acked (before, the kernel skips the field and the cut is the
        // IOTLB message's), and an IOTLB type the handler does not take, sent to an address space
        // vhost has outside another's batch, so that the refusal is the handler's switch, not its
        // lookup of the address space.
        String update = "Step.ev = Update and Step.bad = ";
        FIXED.put("UpdateCutInAsid", Scenario.with(Argument.BAD, "update cut inside its asid, IOTLB_ASID acked",
                update + "CutInAsid and IOTLB_ASID in Dev.acked"));
        FIXED.put("UpdateCutInIotlb", Scenario.with(Argument.BAD, "update cut inside its IOTLB message",
                update + "CutInIotlb"));
        FIXED.put("UpdateOfUnknownMsgType", Scenario.with(Argument.BAD, "update of an unknown message type",
                update + "UnknownMsgType"));
        FIXED.put("UnknownIotlbTypeToMappedAs", Scenario.with(Argument.BAD,
                "IOTLB message of type MISS to an address space vhost has",
                update + "UnknownIotlbType and msgAsid[Step.a] in Dev.hasAs and no Dev.batch - msgAsid[Step.a]"));
    }

    static {
        // The ring values vhost_vring_ioctl() refuses before the parent sees them (vring.als's
        // Step.invalid), in every status, of a vq the device has. No other goal passes one, so the
        // goals of SET_VRING_ADDR/BASE's EINVAL keep the v6.8 block and mlx5's vq check as witnesses.
        FIXED.put("SetVringAddrUsedMisaligned", Scenario.with(Argument.INVALID,
                "set_vring_addr with a used ring not 4-byte aligned",
                "Step.ev = SetVringAddr and some Step.invalid and Step.q != PastVq"));
        FIXED.put("SetVringBasePastU16", Scenario.with(Argument.INVALID, "set_vring_base past 0xffff",
                "Step.ev = SetVringBase and some Step.invalid and Step.q != PastVq"));
    }

    private Scenarios() {
    }

    static Iterable<String> fixed() {
        return FIXED.keySet();
    }

    static String condition(String scenario) {
        return FIXED.get(scenario).condition();
    }

    /** The scenarios whose witnesses need ranges of this shape. */
    static List<String> shaped(Shape shape) {
        return FIXED.entrySet().stream().filter(e -> e.getValue().shape() == shape).map(Map.Entry::getKey).toList();
    }

    /** Scenario atom → what every step of its witness meets, for the scenarios that say. */
    static Map<String, String> throughout() {
        Map<String, String> out = new LinkedHashMap<>();
        FIXED.forEach((s, scenario) -> {
            if (scenario.throughout() != null) {
                out.put(s, scenario.throughout());
            }
        });
        return out;
    }

    /** The scenarios whose witnesses run with a tight RLIMIT_MEMLOCK. */
    static List<String> withTightMemlock() {
        return FIXED.entrySet().stream().filter(e -> e.getValue().tightMemlock()).map(Map.Entry::getKey).toList();
    }

    /** The words a scenario's goal step ends with, beyond the spec's: a garble the kernel accepts. */
    static List<String> endedWith(String scenario) {
        return scenario.equals(CUT_IN_PADDING) ? IOTLB_MESSAGE_ONLY : List.of();
    }

    /** The scenarios whose witnesses may open the device without becoming its owner. */
    static List<String> withoutOwner() {
        return List.of(WITHOUT_OWNER);
    }

    /** The scenarios whose witnesses may make a request with arguments of this kind. */
    static List<String> with(Argument argument) {
        return FIXED.entrySet().stream().filter(e -> e.getValue().argument() == argument).map(Map.Entry::getKey)
                .toList();
    }

    /** The scenario goal of an assertion's situation. */
    static String ofAssertion(String assertion) {
        return PREFIX + assertion;
    }

    static String describe(String scenario) {
        if (scenario.startsWith(PREFIX)) {
            return "situation of " + scenario.substring(PREFIX.length());
        }
        return FIXED.get(scenario).description();
    }
}
