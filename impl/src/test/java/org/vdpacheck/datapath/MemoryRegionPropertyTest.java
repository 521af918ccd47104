package org.vdpacheck.datapath;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.iotlb.VhostIotlb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Random mapping sets: adjacent and separated entries, host-contiguous or not, every permission,
 * at the bottom, the middle and the top of the 64-bit space; and random ranges probing their
 * boundaries, of zero, page, entry-crossing and overflowing lengths, into iovs of 1, 2 and 16
 * segments. The flattened region must answer every one exactly as the reference does.
 */
class MemoryRegionPropertyTest {
    static final int EXAMPLES = Integer.getInteger("vdpacheck.examples", Boolean.getBoolean("soak") ? 1_000_000 : 10_000);
    // QuickTheories 0.26 checks withExamples(n) as n - 1 examples (the first is its own probe), so
    // the properties ask for one more and count what actually ran.

    private static final long[] GAPS = {0, 0, 1, 0xfff, 0x1000, 0x200000};
    private static final long[] SIZES = {1, 0x1000, 0x2000, 0x1001, 0x200000, 0x7ffff};
    private static final long[] BASES = {0, 0x7fff_ffff_fff0_0000L};
    private static final long[] LENS = {0, 1, 2, 0x1000, 0x1001, 0x2000, 0x200001, -1L, Long.MIN_VALUE};
    private static final int[] CAPACITIES = {1, 2, Iov.IOTLB_IOV_STRIDE};

    /** One entry: the gap before it, its size, whether its host address follows the previous one's, its perm. */
    record Entry(int gap, int size, boolean contiguous, int perm) {
    }

    /** One probe: near which entry, where relative to it, how long, which access, into how big an iov. */
    record Probe(int entry, int where, int len, boolean write, int capacity) {
    }

    /** base 2 puts the last entry's end at U64_MAX. */
    record Layout(int base, List<Entry> entries) {
    }

    private static Gen<Entry> entry() {
        return integers().between(0, GAPS.length - 1).zip(integers().between(0, SIZES.length - 1),
                integers().between(0, 1), integers().between(1, 3), (g, s, c, p) -> new Entry(g, s, c == 1, p));
    }

    private static Gen<Probe> probe() {
        return integers().between(0, 63).zip(integers().between(0, 8), integers().between(0, LENS.length + 1),
                integers().between(0, 5), (e, w, l, ac) -> new Probe(e, w, l, ac % 2 == 1, ac / 2));
    }

    @Test
    @DisplayName("the flattened region translates random ranges over random mapping sets as the reference does")
    void regionAgreesWithReference() {
        AtomicLong runs = new AtomicLong();
        qt().withFixedSeed(0x7d0a_5eedL).withExamples(EXAMPLES + 1).withShrinkCycles(500)
                .forAll(integers().between(0, 2).zip(lists().of(entry()).ofSizeBetween(0, 24), Layout::new),
                        lists().of(probe()).ofSizeBetween(1, 24))
                .checkAssert((layout, probes) -> {
                    runs.incrementAndGet();
                    check(layout, probes);
                });
        assertTrue(runs.get() >= EXAMPLES, () -> "only " + runs + " mapping sets ran");
    }

    private static void check(Layout layout, List<Probe> probes) {
        DeviceMap.Table table = build(layout);
        MemoryRegion region = MemoryRegion.of(table);
        List<IotlbMap> entries = table.entries();
        for (Probe p : probes) {
            long iova = probeIova(entries, p);
            long len = probeLen(entries, p, iova);
            Access access = p.write() ? Access.WRITE : Access.READ;
            Iov iov = new Iov(CAPACITIES[p.capacity()]);
            ReferenceTranslation.Result want = ReferenceTranslation.translate(table, iova, len, access, iov.capacity());
            ReferenceTranslation.Result got = ReferenceTranslation.Result.of(region.translate(iova, len, access, iov), iov);
            assertEquals(want, got, () -> String.format("translate(0x%x, 0x%x, %s, iov[%d]) over %s", iova, len, access,
                    iov.capacity(), entries));
        }
    }

    static DeviceMap.Table build(Layout layout) {
        long span = 0;
        for (Entry e : layout.entries()) {
            span += GAPS[e.gap()] + SIZES[e.size()];
        }
        long iova = layout.base() < BASES.length ? BASES[layout.base()] : -span;
        long addr = 0x7f00_0000_0000L;
        VhostIotlb iotlb = new VhostIotlb();
        for (Entry e : layout.entries()) {
            long size = SIZES[e.size()];
            iova += GAPS[e.gap()];
            addr = e.contiguous() ? addr : addr + 0x1000_0000L;
            iotlb.addRange(iova, iova + size - 1, addr, e.perm());
            iova += size;
            addr += size;
        }
        return DeviceMap.snapshot(iotlb);
    }

    private static long probeIova(List<IotlbMap> entries, Probe p) {
        if (entries.isEmpty()) {
            return new long[] {0, 1, 0x1000, -1L, -0x1000L, Long.MIN_VALUE, 0x7f00_0000_0000L, 0xfff, 0x200000}[p.where()];
        }
        IotlbMap m = entries.get(p.entry() % entries.size());
        return switch (p.where()) {
            case 0 -> m.start() - 1;
            case 1 -> m.start();
            case 2 -> m.start() + 1;
            case 3 -> m.start() + (m.last() - m.start()) / 2;
            case 4 -> m.last() - 1;
            case 5 -> m.last();
            case 6 -> m.last() + 1;
            case 7 -> m.last() + 0x1000;
            default -> m.start() - 0x1000;
        };
    }

    /** A fixed length, or the rest of the entry, or from iova to the end of the next entry. */
    private static long probeLen(List<IotlbMap> entries, Probe p, long iova) {
        if (p.len() < LENS.length) {
            return LENS[p.len()];
        }
        if (entries.isEmpty()) {
            return -iova;
        }
        int i = p.entry() % entries.size();
        int j = p.len() == LENS.length ? i : Math.min(i + 1, entries.size() - 1);
        return entries.get(j).last() - iova + 1;
    }
}
