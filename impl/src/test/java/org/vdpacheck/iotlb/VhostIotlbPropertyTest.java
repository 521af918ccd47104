package org.vdpacheck.iotlb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.vdpacheck.uapi.Errno.EFAULT;

/**
 * Random sequences of add_range / del_range / map_free / itree_first / reset, against the
 * plainest model of drivers/vhost/iotlb.c there is: a list sorted by start and last, searched
 * from the front. Long enough to grow the array past its first size, and freeing from the front,
 * the back and the middle, so the array's moves and compaction are all exercised; ranges at 0
 * and at the top of the 64-bit space, overlapping, and queries with last below start (a
 * zero-size INVALIDATE).
 */
class VhostIotlbPropertyTest {
    private static final int EXAMPLES = Integer.getInteger("vdpacheck.examples", 2_000);

    private static final long[] STARTS = {0, 0x1000, 0x2000, 0x3000, 0x5000, 0x200000, Long.MIN_VALUE, -0x2000L,
            -0x1000L};
    private static final long[] LENS = {1, 0x1000, 0x2000, 0x3000, 0x1fff, 0x200000, Long.MIN_VALUE, 0, -1L};

    /** kind: 0-4 add, 5 del_range, 6 map_free of the first entry, 7 of the last, 8 of one in between, 9 itree_first, 10 reset. */
    record Op(int kind, int start, int len) {
    }

    /** An entry as the model holds it; addr tells entries apart. */
    record Entry(long start, long last, long addr, int perm) {
        static Entry of(IotlbMap m) {
            return new Entry(m.start(), m.last(), m.addr(), m.perm());
        }

        boolean overlaps(long s, long l) {
            return Long.compareUnsigned(start, l) <= 0 && Long.compareUnsigned(s, last) <= 0;
        }
    }

    private static final Comparator<Entry> ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.start(), b.start());
        return c != 0 ? c : Long.compareUnsigned(a.last(), b.last());
    };

    private static Gen<Op> op() {
        return integers().between(0, 10).zip(integers().between(0, STARTS.length - 1),
                integers().between(0, LENS.length - 1), Op::new);
    }

    @Test
    @DisplayName("the IOTLB holds, finds and frees entries as an ordered list searched from the front does")
    void agreesWithOrderedList() {
        AtomicLong runs = new AtomicLong();
        qt().withFixedSeed(0x107b_5eedL).withExamples(EXAMPLES + 1).withShrinkCycles(300)
                .forAll(lists().of(op()).ofSizeBetween(1, 80))
                .checkAssert(ops -> {
                    runs.incrementAndGet();
                    check(ops);
                });
        // QuickTheories skips a sequence it has already tried (a few of the one-op ones at 10^5).
        assertTrue(runs.get() >= EXAMPLES * 0.99, () -> "only " + runs + " sequences ran");
    }

    private static void check(List<Op> ops) {
        VhostIotlb iotlb = new VhostIotlb();
        List<Entry> model = new ArrayList<>();
        long addr = 0;
        for (Op op : ops) {
            long start = STARTS[op.start()];
            long last = start + LENS[op.len()] - 1;
            String what = op + " on " + model;
            switch (op.kind()) {
                case 5 -> {
                    List<Entry> want = new ArrayList<>();
                    for (Entry e; (e = first(model, start, last)) != null; model.remove(e)) {
                        want.add(e);
                    }
                    assertEquals(want, iotlb.delRange(start, last).stream().map(Entry::of).toList(), what);
                }
                case 6, 7, 8 -> {
                    if (!model.isEmpty()) {
                        int i = op.kind() == 6 ? 0 : op.kind() == 7 ? model.size() - 1 : op.start() % model.size();
                        iotlb.mapFree(iotlb.entries().get(i));
                        model.remove(i);
                    }
                }
                case 9 -> {
                    IotlbMap got = iotlb.itreeFirst(start, last);
                    assertEquals(first(model, start, last), got == null ? null : Entry.of(got), what);
                }
                case 10 -> {
                    iotlb.reset();
                    model.clear();
                }
                default -> {
                    addr += 0x1_0000_0000L;
                    int perm = 1 + op.kind() % 3;
                    int ret = iotlb.addRange(start, last, addr, perm);
                    assertEquals(Long.compareUnsigned(last, start) < 0 ? -EFAULT : 0, ret, what);
                    if (ret == 0) {
                        add(model, start, last, addr, perm);
                    }
                }
            }
            assertEquals(model, iotlb.entries().stream().map(Entry::of).toList(), what);
            assertEquals(model.size(), iotlb.size(), what);
            assertEquals(model.isEmpty(), iotlb.isEmpty(), what);
        }
    }

    /** [0, U64_MAX] goes in as two halves, as vhost_iotlb_add_range_ctx() splits it. */
    private static void add(List<Entry> model, long start, long last, long addr, int perm) {
        List<Entry> adds = start == 0 && last == -1L
                ? List.of(new Entry(0, Long.MAX_VALUE, addr, perm), new Entry(Long.MIN_VALUE, -1L, addr + Long.MIN_VALUE, perm))
                : List.of(new Entry(start, last, addr, perm));
        for (Entry e : adds) {
            int at = 0;
            // After every entry of the same start and last: equal ones keep the order they came in.
            while (at < model.size() && ORDER.compare(model.get(at), e) <= 0) {
                at++;
            }
            model.add(at, e);
        }
    }

    private static Entry first(List<Entry> model, long start, long last) {
        return model.stream().filter(e -> e.overlaps(start, last)).findFirst().orElse(null);
    }
}
