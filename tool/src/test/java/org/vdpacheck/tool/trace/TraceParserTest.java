package org.vdpacheck.tool.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

class TraceParserTest {
    /** The example of trace-format.md, verbatim. */
    static final String EXAMPLE = """
            # comments run from '#' to the end of the line
            scenario "persist keeps mappings across reset" {
              kernel v6.7
              parent mlx5_vdpa
              open
              set_owner
              get_backend_features            # result recorded, not checked
              set_backend_features IOTLB_MSG_V2 IOTLB_BATCH IOTLB_PERSIST -> ok
              batch_begin
              update asid 0 iova 0x0 size 0x10000 uaddr 0x7f0000000000 perm rw -> ok
              batch_end
              set_status ACKNOWLEDGE DRIVER FEATURES_OK DRIVER_OK -> ok
              dma asid 0 iova 0x1000 write -> 0x7f0000001000
              set_status 0 -> ok
              expect iotlb asid 0 { 0x0 size 0x10000 uaddr 0x7f0000000000 perm rw }
              dma asid 0 iova 0x1000 read -> 0x7f0000001000
              release
              expect device asid 0 identity
            }
            """;

    @Test
    void theFormatsExampleParsesIntoItsStatements() throws Exception {
        List<TraceParser.Parsed> parsed = TraceParser.parse(EXAMPLE, "example.vtrace");
        assertEquals(1, parsed.size());
        Trace t = parsed.get(0).trace();
        assertEquals("persist keeps mappings across reset", t.name());
        assertEquals("v6.7", t.kernel());
        assertEquals("mlx5_vdpa", t.parent());
        assertEquals(14, t.statements().size());
        assertEquals(new Statement.Op("get_backend_features", List.of(), null, "result recorded, not checked"),
                t.statements().get(2));
        assertEquals(new Statement.Op("update", List.of("asid", "0", "iova", "0x0", "size", "0x10000", "uaddr",
                "0x7f0000000000", "perm", "rw"), "ok"), t.statements().get(5));
        assertEquals(new Statement.Op("batch_begin", List.of(), null), t.statements().get(4));
        assertEquals(new Statement.Expect(List.of("device", "asid", "0", "identity")), t.statements().get(13));
        // Positions are the file's: the update is on line 10, indented by two; the parent's name at 3:10.
        assertEquals(new Position(10, 3), parsed.get(0).statements().get(5));
        assertEquals(new Position(4, 10), parsed.get(0).headers().get("parent"));
    }

    @Test
    void printingAParsedFileIsStable() throws Exception {
        String once = TracePrinter.print(TraceParser.parse(EXAMPLE, "x").get(0).trace());
        String twice = TracePrinter.print(TraceParser.parse(once, "y").get(0).trace());
        assertEquals(once, twice);
    }

    @Test
    void everyErrorInAFileIsReportedWithItsPosition() {
        String bad = """
                scenario "bad" {
                  kernel v6.7
                  parent vdpa_sim
                  set_backend_features IOTLB_MSG_V2 IOTLB_PERSISTT -> ok
                  update asid 0 iova 0x0 size 0x1000 uaddr 0x7f0000000000 perm rx -> ok
                  set_status ACKNOWLEDGE DRIVER_OKAY -> ok
                  dma asid 0 iova 0x1000 write -> ok
                  invalidate asid 0 iova 0x10000000000000000 size 0x1000 -> EINVAL
                  set_features VERSION_1 ACCESS_PLATFROM -> ok
                }
                """;
        TraceSyntaxException e = assertThrows(TraceSyntaxException.class, () -> TraceParser.parse(bad, "bad.vtrace"));
        // A syntax error (perm rx) is reported; ANTLR recovers at the line end, so the word checks of
        // the other lines wait for a file without syntax errors.
        assertEquals(List.of("bad.vtrace:5:64: unexpected 'rx', expecting {'ro', 'wo', 'rw'}"), e.errors());

        String words = bad.replace("perm rx", "perm rw");
        TraceSyntaxException w = assertThrows(TraceSyntaxException.class, () -> TraceParser.parse(words, "w.vtrace"));
        assertEquals(List.of(
                "w.vtrace:4:37: unknown backend feature IOTLB_PERSISTT (the uapi name without VHOST_BACKEND_F_)",
                "w.vtrace:6:26: unknown status bit DRIVER_OKAY",
                "w.vtrace:7:35: dma translates to an address, identity or fault, not ok",
                "w.vtrace:8:26: 0x10000000000000000 does not fit in 64 bits",
                "w.vtrace:9:26: unknown virtio feature ACCESS_PLATFROM (have: MAC, STATUS, CTRL_VQ, MQ, VERSION_1, "
                        + "ACCESS_PLATFORM)"), w.errors());
    }

    @Test
    void batchSuspendedAndOwnerTakeOnlyTheirWords() {
        String bad = """
                scenario "bad" {
                  kernel newest
                  parent vdpa_sim
                  expect batch asid 1
                  expect batch nothing
                  expect batch started
                  expect suspended yes
                  expect suspended true
                  expect owner no
                  expect owner root
                }
                """;
        TraceSyntaxException e = assertThrows(TraceSyntaxException.class, () -> TraceParser.parse(bad, "b.vtrace"));
        assertEquals(List.of("b.vtrace:5:16: expect batch takes asid N, or none outside a batch, not nothing",
                "b.vtrace:6:16: expect batch takes asid N, or none outside a batch, not started",
                "b.vtrace:8:20: expect suspended takes yes or no, not true",
                "b.vtrace:10:16: expect owner takes yes or no, not root"), e.errors());
    }

    @Test
    void anOptionGivenTwiceIsAnError() {
        String twice = "scenario \"s\" {\n  kernel v6.7\n  parent mlx5_vdpa\n  option rlimit_memlock 0x2000\n"
                + "  option rlimit_memlock 0x4000\n  open -> ok\n}\n";
        TraceSyntaxException e = assertThrows(TraceSyntaxException.class, () -> TraceParser.parse(twice, "t.vtrace"));
        assertEquals(List.of("t.vtrace:5:3: a second option rlimit_memlock line"), e.errors());
    }

    /** Guest RAM is a hugetlbfs memfd mapped at 0x7f0000000000: whole 2 MiB pages that fit above it. */
    @Test
    void guestRamIsWholeHugePagesThatFitAboveItsBase() throws Exception {
        String head = "scenario \"s\" {\n  kernel v6.7\n  parent vdpa_sim\n  option guest_ram ";
        assertEquals(0x400000L, TraceParser.parse(head + "0x400000\n}\n", "g.vtrace").get(0).trace().guestRam()
                .getAsLong());
        for (String size : List.of("0", "0x300000", "0xffff810000000000")) {
            TraceSyntaxException e = assertThrows(TraceSyntaxException.class,
                    () -> TraceParser.parse(head + size + "\n}\n", "g.vtrace"));
            assertEquals(List.of("g.vtrace:4:20: guest_ram is a non-zero multiple of 2 MiB (0x200000) that fits above "
                    + "0x7f0000000000, not " + size), e.errors());
        }
        TraceSyntaxException e = assertThrows(TraceSyntaxException.class,
                () -> TraceParser.parse(head + "0x10000000000000000\n}\n", "g.vtrace"));
        assertEquals(List.of("g.vtrace:4:20: 0x10000000000000000 does not fit in 64 bits"), e.errors());
    }

    @Test
    void severalSyntaxErrorsAreAllReported() {
        String bad = """
                scenario "s" {
                  kernel v6.6
                  parent platform
                  frobnicate
                  update asid 0 iova 0x0 -> ok
                  set_owner -> ok
                }
                """;
        TraceSyntaxException e = assertThrows(TraceSyntaxException.class, () -> TraceParser.parse(bad, "s.vtrace"));
        assertEquals(2, e.errors().size(), e.getMessage());
        assertEquals("s.vtrace:4:3: unexpected 'frobnicate'", e.errors().get(0));
        assertEquals("s.vtrace:5:26: unexpected '->', expecting 'size'", e.errors().get(1));
    }

    /**
     * bad_address stands alone, only after a request that takes an argument, and gets nothing back;
     * index_only follows a ring request's index, and gets nothing back either.
     */
    @Test
    void aBadAddressIsTheWholeArgumentOfARequestThatTakesOne() throws Exception {
        String ok = "scenario \"b\" {\n  kernel v6.7\n  parent vdpa_sim\n  set_status bad_address -> EFAULT\n}\n";
        assertEquals(List.of(new Statement.Op("set_status", List.of("bad_address"), "EFAULT")),
                TraceParser.parse(ok, "b.vtrace").get(0).trace().statements());
        String bad = "scenario \"b\" {\n  kernel v6.7\n  parent vdpa_sim\n  open bad_address -> EFAULT\n"
                + "  set_status bad_address FEATURES_OK -> ok\n  get_status index_only\n}\n";
        TraceSyntaxException e = assertThrows(TraceSyntaxException.class, () -> TraceParser.parse(bad, "b.vtrace"));
        assertEquals(List.of("b.vtrace:4:8: unexpected 'bad_address', expecting {COMMENT, NL}",
                "b.vtrace:5:26: unexpected 'FEATURES_OK', expecting {COMMENT, NL}",
                "b.vtrace:6:14: unexpected 'index_only', expecting {COMMENT, NL}"), e.errors());
        String answered = "scenario \"b\" {\n  kernel v6.7\n  parent vdpa_sim\n"
                + "  get_backend_features bad_address -> IOTLB_MSG_V2\n  get_vring_group bad_address -> 1\n"
                + "  get_vring_group vq 0 index_only -> 1\n}\n";
        e = assertThrows(TraceSyntaxException.class, () -> TraceParser.parse(answered, "b.vtrace"));
        assertEquals(List.of("b.vtrace:4:39: get_backend_features bad_address returns ok or an errno, not IOTLB_MSG_V2",
                "b.vtrace:5:34: get_vring_group bad_address returns ok or an errno, not a number",
                "b.vtrace:6:38: get_vring_group index_only returns ok or an errno, not a number"), e.errors());
    }

    /** A garbled UPDATE ends with one garble, which fits the field it garbles. */
    @Test
    void aGarbleFitsTheFieldItGarbles() throws Exception {
        String update = "  update asid 0 iova 0x0 size 0x1000 uaddr 0x7f0000000000 perm rw ";
        String ok = "scenario \"g\" {\n  kernel v6.7\n  parent vdpa_sim\n" + update + "bytes 71 -> EINVAL\n"
                + update + "msg_type 0xffffffff -> EINVAL\n" + update + "iotlb_type 255 -> EFAULT\n}\n";
        List<Statement> parsed = TraceParser.parse(ok, "g.vtrace").get(0).trace().statements();
        assertEquals(List.of(new Garble("bytes", 71), new Garble("msg_type", 0xffff_ffffL), new Garble("iotlb_type", 255)),
                parsed.stream().map(st -> Garble.of(((Statement.Op) st).words()).orElseThrow()).toList());
        String bad = "scenario \"g\" {\n  kernel v6.7\n  parent vdpa_sim\n" + update + "bytes 72 -> EINVAL\n"
                + update + "msg_type 0x100000000 -> EINVAL\n" + update + "iotlb_type 256 -> EFAULT\n}\n";
        TraceSyntaxException e = assertThrows(TraceSyntaxException.class, () -> TraceParser.parse(bad, "g.vtrace"));
        assertEquals(List.of("g.vtrace:4:73: bytes is at most 71, short of the 72-byte message, not 72",
                "g.vtrace:5:76: msg_type is at most 4294967295, not 0x100000000",
                "g.vtrace:6:78: iotlb_type is at most 255, not 256"), e.errors());
        String two = "scenario \"g\" {\n  kernel v6.7\n  parent vdpa_sim\n" + update + "bytes 6 iotlb_type 1\n}\n";
        e = assertThrows(TraceSyntaxException.class, () -> TraceParser.parse(two, "g.vtrace"));
        assertEquals(List.of("g.vtrace:4:75: unexpected 'iotlb_type', expecting {COMMENT, NL}"), e.errors());
    }

    @Test
    void headersAreRequiredAndComeFirst() {
        String bad = """
                scenario "s" {
                  parent platform
                  open -> ok
                  kernel v6.6
                }
                """;
        TraceSyntaxException e = assertThrows(TraceSyntaxException.class, () -> TraceParser.parse(bad, "h.vtrace"));
        assertEquals(List.of("h.vtrace:4:3: header statements come before the operations"), e.errors());
        TraceSyntaxException none = assertThrows(TraceSyntaxException.class,
                () -> TraceParser.parse("scenario \"n\" {\n  open\n}\n", "n.vtrace"));
        assertEquals(List.of("n.vtrace:1:1: scenario \"n\" has no kernel line",
                "n.vtrace:1:1: scenario \"n\" has no parent line"), none.errors());
    }

    /** parse(print(t)) == t over traces shaped like the ones the tool produces. */
    @Test
    void parsingWhatThePrinterWroteGivesTheTraceBack() {
        AtomicInteger runs = new AtomicInteger();
        qt().withFixedSeed(0x7d0a_5eedL).withExamples(2100).forAll(traces()).checkAssert(t -> {
            runs.incrementAndGet();
            try {
                assertEquals(t, TraceParser.parse(TracePrinter.print(t), "gen.vtrace").get(0).trace());
            } catch (TraceSyntaxException e) {
                throw new AssertionError(TracePrinter.print(t) + e.getMessage(), e);
            }
        });
        assertTrue(runs.get() >= 2000, runs + " distinct traces");
    }

    private static final String[] BITS = {"IOTLB_MSG_V2", "IOTLB_BATCH", "IOTLB_ASID", "SUSPEND", "RESUME",
        "ENABLE_AFTER_DRIVER_OK", "DESC_ASID", "IOTLB_PERSIST"};
    private static final String[] STATUS = {"ACKNOWLEDGE", "DRIVER", "FEATURES_OK", "DRIVER_OK"};
    private static final String[] ERRNOS = {"EINVAL", "EFAULT", "EOPNOTSUPP", "EPERM", "EBUSY", "ENOENT", "ENOBUFS",
        "ENOTTY"};
    private static final String[] TAKING_AN_ARGUMENT = {"get_backend_features", "set_backend_features", "set_features",
        "set_status", "set_group_asid", "get_vring_group", "get_vring_desc_group", "set_vring_addr", "set_vring_base",
        "get_vring_base", "update", "invalidate", "batch_begin", "batch_end"};

    private static final String[] RING = {"get_vring_group", "get_vring_desc_group", "set_group_asid",
        "set_vring_addr", "set_vring_base", "get_vring_base"};

    static Gen<Trace> traces() {
        Gen<Statement> statement = SourceDSL.integers().between(0, 15).zip(SourceDSL.longs().all(),
                SourceDSL.integers().between(0, 255), TraceParserTest::statement);
        Gen<List<Statement>> body = SourceDSL.lists().of(statement).ofSizeBetween(0, 12);
        return body.zip(SourceDSL.integers().between(0, 7), (s, h) -> new Trace("gen \"" + h + "\" \\ x",
                h % 2 == 0 ? "v6.7" : "v6.6", h % 3 == 0 ? "vdpa_sim" : "mlx5_vdpa", h % 4 == 0 ? "qemu-8.0..10.0" : null,
                h % 5 == 0 ? 2 : null, h % 6 == 0 ? 2 : null, h % 7 == 0 ? Map.of("batch_mapping", "0")
                        : h % 7 == 3 ? Map.of("guest_ram", "0x400000") : Map.of(), s));
    }

    private static Statement statement(int kind, long value, int pick) {
        String hex = "0x" + Long.toHexString(value);
        String asid = Integer.toString(pick % 2);
        List<String> bits = new ArrayList<>();
        for (int i = 0; i < BITS.length; i++) {
            if ((pick & (1 << i)) != 0) {
                bits.add(BITS[i]);
            }
        }
        String result = pick % 3 == 0 ? null : pick % 3 == 1 ? "ok" : ERRNOS[pick % ERRNOS.length];
        return switch (kind) {
            case 0 -> new Statement.Op("update", concat(List.of("asid", asid, "iova", hex, "size", "0x2000", "uaddr",
                    "0x7f0000000000", "perm", new String[] {"ro", "wo", "rw"}[pick % 3]), garble(pick)), result);
            case 1 -> new Statement.Op("invalidate", List.of("asid", asid, "iova", hex, "size", "0x2000"), result);
            case 2 -> new Statement.Op("set_backend_features", bits, result);
            case 3 -> new Statement.Op("get_backend_features", List.of(), bits.isEmpty() ? null : String.join(" ", bits));
            case 4 -> new Statement.Op("dma", List.of("asid", asid, "iova", hex, pick % 2 == 0 ? "read" : "write"),
                    new String[] {"fault", "identity", hex}[pick % 3], pick % 5 == 0 ? "the client believes this mapped" : null);
            case 5 -> new Statement.Op("set_status", pick % 5 == 0 ? List.of("0")
                    : List.of(STATUS).subList(0, 1 + pick % 4), result);
            case 6 -> new Statement.Expect(List.of("status", STATUS[pick % 4]));
            case 7 -> new Statement.Expect(pick % 2 == 0 ? List.of("iotlb", "asid", asid, "empty")
                    : List.of("device", "asid", asid, "{", hex, "size", "0x2000", "uaddr", "0x7f0000000000", "perm", "rw", "}"));
            case 8 -> new Statement.Expect(pick % 2 == 0 ? List.of("device", "asid", asid, "identity")
                    : concat(List.of("backend_features"), bits));
            case 9 -> new Statement.Op(new String[] {"open", "release", "set_owner", "suspend", "resume", "virtio_bind"}[pick % 6],
                    List.of(), result);
            case 10 -> new Statement.Op(pick % 2 == 0 ? "batch_begin" : "batch_end", List.of("asid", asid), result);
            case 11 -> pick % 4 == 0 ? new Statement.Op(RING[pick % RING.length], List.of(
                    RING[pick % RING.length].equals("set_group_asid") ? "group" : "vq", Integer.toString(pick % 4),
                    "index_only"), result)
                    : new Statement.Op(TAKING_AN_ARGUMENT[pick % TAKING_AN_ARGUMENT.length], List.of("bad_address"), result);
            case 12 -> pick % 3 == 2 ? new Statement.Op("get_vring_base", List.of("vq", Integer.toString(pick % 4)), result)
                    : new Statement.Op(pick % 3 == 0 ? "get_vring_group" : "get_vring_desc_group",
                    List.of("vq", Integer.toString(pick % 4)), result == null || !result.equals("ok") ? result
                            : Integer.toString(pick % 3));
            case 13 -> new Statement.Expect(pick % 3 == 0 ? List.of("batch", "none")
                    : pick % 3 == 1 ? List.of("batch", "asid", asid)
                    : List.of(pick % 4 < 2 ? "suspended" : "owner", pick % 2 == 0 ? "yes" : "no"));
            case 14 -> new Statement.Expect(pick % 6 == 5 ? List.of("iova_range", "0x0", hex)
                    : List.of(new String[] {"as_num", "group_num", "vqs_count", "device_id", "vring_num"}[pick % 6],
                            Integer.toString(pick)));
            default -> new Statement.Comment("why step " + pick + " fails");
        };
    }

    /** None, or one of the three, at a value its field holds. */
    private static List<String> garble(int pick) {
        return switch (pick % 4) {
            case 0 -> List.of();
            case 1 -> List.of("bytes", Integer.toString(pick % Garble.MSG_SIZE));
            case 2 -> List.of("msg_type", Integer.toString(pick));
            default -> List.of("iotlb_type", Integer.toString(pick));
        };
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
