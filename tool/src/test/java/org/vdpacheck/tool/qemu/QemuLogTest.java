package org.vdpacheck.tool.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * grammar/QemuTrace.g4 through {@link QemuLog}: the format strings of hw/virtio/trace-events
 * per QEMU era (qemu-clients.md §2.1, §2.3), with every log prefix (§2.4).
 */
class QemuLogTest {
    private static final List<String> PREFIXES = List.of("", "55674@1706854838.154427:", "2025-07-21T18:43:28.089797Z ",
            "2025-07-21T18:43:28.089797Z (55674) ");

    /** printf of vhost_vdpa_dma_map's format: 5.2-7.2 (no asid), 8.0-8.2 ("vdpa:"), 9.0+ ("vdpa_shared:"). */
    private static String dmaMap(int era, long asid, long iova, long size, long uaddr, int perm) {
        return "vhost_vdpa_dma_map " + (era >= 900 ? "vdpa_shared:" : "vdpa:") + "0x556d45c75140 fd: 16 msg_type: 2 "
                + (era >= 800 ? "asid: " + asid + " " : "") + "iova: 0x" + Long.toHexString(iova) + " size: 0x"
                + Long.toHexString(size) + " uaddr: 0x" + Long.toHexString(uaddr) + " perm: 0x" + perm + " type: 2";
    }

    @Test
    void everyEraAndPrefixOfDmaMapReadsAsTheSameMap() {
        qt().forAll(longs().between(0, 0xffff_ffffL), longs().all(), longs().all(), integers().between(1, 3))
                .checkAssert((asid, iova, size, perm) -> {
                    for (int era : new int[] {502, 800, 900}) {
                        for (String prefix : PREFIXES) {
                            LogEvent e = read(prefix + dmaMap(era, asid, iova, size, 0x7f00_0000_0000L, perm));
                            long expectedAsid = era >= 800 ? asid : 0;
                            assertEquals(new LogEvent.DmaMap(1, expectedAsid, iova, size, 0x7f00_0000_0000L, perm), e);
                        }
                    }
                });
    }

    @Test
    void formatsThatChangedBetweenErasAllRead() throws Exception {
        assertEquals(new LogEvent.ResetDevice(1), read("vhost_vdpa_reset_device dev: 0x55d1c8a3e000 status: 0x0"));
        assertEquals(new LogEvent.ResetDevice(1), read("vhost_vdpa_reset_device dev: 0x55d1c8a3e000"));
        assertEquals(new LogEvent.VringEnable(1, -1, true, 0), read("vhost_vdpa_set_vring_ready dev: 0x55d1c8a3e000"));
        assertEquals(new LogEvent.VringEnable(1, 2, true, 0), read("vhost_vdpa_set_vring_ready dev: 0x5, idx: 2, r: 0"));
        assertEquals(new LogEvent.VringEnable(1, 1, false, -22),
                read("vhost_vdpa_set_vring_enable_one dev: 0x5, idx: 1, enable: 0, r: -22"));
        assertEquals(new LogEvent.Init(1), read("vhost_vdpa_init dev: 0x5 vdpa: 0x6"));
        assertEquals(new LogEvent.Init(1), read("vhost_vdpa_init dev: 0x5, common dev: 0x7 vdpa: (nil)"));
        assertEquals(new LogEvent.DmaUnmap(1, 1, 0x1000, 0x2000),
                read("vhost_vdpa_dma_unmap vdpa_shared:0x5 fd: 16 msg_type: 2 asid: 1 iova: 0x1000 size: 0x2000 type: 3"));
        assertEquals(new LogEvent.BatchBegin(1), read("vhost_vdpa_iotlb_begin_batch vdpa:0x5 fd: 16 msg_type: 2 type: 5"));
        assertEquals(new LogEvent.FlushMap(1, true),
                read("vhost_vdpa_maybe_flush_map dev: 0x5 registered: 1 flush_map: 0 iotlb_persistent: 1"));
        assertEquals(new LogEvent.SetGroupAsid(1, 1, 1),
                read("vhost_vdpa_set_address_space_id vhost_vdpa: 0x5 vq_group: 1 asid: 1"));
        assertEquals(new LogEvent.WriteFailed(1, 14),
                read("2024-02-02T06:20:49.080706Z qemu-system-x86_64: failed to write, fd=16, errno=14 (Bad address)"));
        assertEquals(new LogEvent.WriteFailed(1, 12), read("qemu-kvm: failed to write, fd=3, errno=12 (Cannot allocate memory)"));
    }

    @Test
    void unrelatedLinesAreSkippedAndUnusedEventsCounted() throws Exception {
        QemuLog log = new QemuLog("t.log");
        assertNull(log.line("+ qemu-system-x86_64 -trace 'vhost_vdpa_*' -m 1G", 1));
        assertNull(log.line("> vhost_vdpa_dma_map vdpa:0x5 fd: 16 (quoted in a mail)", 2));
        assertNull(log.line("qemu-system-x86_64: vhost vdpa map fail!", 3));
        assertNull(log.line("vhost_vdpa_dump_config dev: 0x5 0x0000: 52 54 00 12 34 56 01 00    ", 4));
        assertNull(log.line("vhost_vdpa_net_data_eval_flush vhost_vdpa: 0x5 qp: 0 svq_switch: 0 flush_map: 0", 5));
        assertEquals(5, log.counts().lines);
        assertEquals(3, log.counts().skipped);
        assertEquals(2, log.counts().unused);
    }

    @Test
    void aVdpaLineThatDoesNotParseIsAnErrorAtItsColumn() {
        QemuLog log = new QemuLog("t.log");
        QemuLogException e = assertThrows(QemuLogException.class,
                () -> log.line("vhost_vdpa_add_status dev: 0x5 status: high", 7));
        assertTrue(e.getMessage().startsWith("t.log:7:40: "), e.getMessage());
        QemuLogException big = assertThrows(QemuLogException.class,
                () -> log.line("vhost_vdpa_add_status dev: 0x5 status: 0x10000000000000000", 8));
        assertTrue(big.getMessage().startsWith("t.log:8:40: 0x10000000000000000 does not fit in 64 bits"), big.getMessage());
    }

    @Test
    void aPrefixQemuNeverWritesIsAnErrorAndColumnsCountFromTheLineStart() {
        QemuLog log = new QemuLog("t.log");
        QemuLogException ts = assertThrows(QemuLogException.class,
                () -> log.line("12:30:01 vhost_vdpa_add_status dev: 0x5 status: 0x8", 3));
        assertTrue(ts.getMessage().startsWith("t.log:3:1: '12:30:01' is not a log prefix QEMU writes"), ts.getMessage());
        assertThrows(QemuLogException.class, () -> log.line("(55674) vhost_vdpa_add_status dev: 0x5 status: 0x8", 4));
        // The prefix is 24 characters; without it the bad field is at column 40.
        QemuLogException word = assertThrows(QemuLogException.class,
                () -> log.line("55674@1706854838.154427:vhost_vdpa_add_status dev: 0x5 status: high", 5));
        assertTrue(word.getMessage().startsWith("t.log:5:64: "), word.getMessage());
        QemuLogException big = assertThrows(QemuLogException.class,
                () -> log.line("55674@1706854838.154427:vhost_vdpa_add_status dev: 0x5 status: 0x10000000000000000", 6));
        assertTrue(big.getMessage().startsWith("t.log:6:64: 0x10000000000000000 does not fit"), big.getMessage());
    }

    private static LogEvent read(String line) {
        try {
            return new QemuLog("t.log").line(line, 1);
        } catch (QemuLogException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
