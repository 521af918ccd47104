package org.vdpacheck.vring;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.vdpacheck.client.GuestMemory;
import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.datapath.Datapath;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vhost.VhostVdpa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdpacheck.uapi.Errno.EFAULT;
import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.Errno.EPERM;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_ASID;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_BATCH;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_MSG_V2;

/**
 * Packets through vdpa_sim_net's loopback, with rings and buffers in the client's RAM reached
 * only through the datapath: a packet loops when the device may reach it, and fails, without
 * the driver ever seeing it used, once a mapping it needs is gone.
 */
class NetLoopbackTest {
    private static final GuestMemory MEM = GuestMemory.SMALL;
    private static final long HVA = MEM.hva();
    private static final long LOW = 0x20_0000;
    private static final SplitRing RX = SplitRing.at(0x1_0000, 16);
    private static final SplitRing TX = SplitRing.at(0x2_0000, 16);
    private static final long TX_BUF = 0x10_0000;
    private static final long RX_BUF = 0x11_0000;

    private VhostVdpaFd fd;
    private Ram ram;
    private SplitRingDriver rxDriver;
    private SplitRingDriver txDriver;
    private NetLoopback net;

    @BeforeEach
    void setUp() {
        ParentDevice parent = ParentDriver.VDPA_SIM.create(KernelProfile.V6_7);
        fd = VhostVdpaFd.open(VhostVdpa.bind(parent), MEM.newProcess("qemu"));
        fd.setOwner();
        fd.setBackendFeatures(VhostBackendFeature.maskOf(IOTLB_MSG_V2, IOTLB_BATCH, IOTLB_ASID));
        // The low RAM section, rings and buffers in it: IOVA = GPA, at HVA + GPA.
        assertTrue(fd.iotlbUpdate(0, 0, LOW, HVA, VhostAccess.RW) > 0);
        ram = new Ram(HVA, 8 << 20);
        rxDriver = new SplitRingDriver(ram, HVA, RX);
        txDriver = new SplitRingDriver(ram, HVA, TX);
        net = new NetLoopback(new Datapath(parent), ram, RX, TX);
    }

    private byte[] packet(int len, int seed) {
        byte[] p = new byte[len];
        for (int i = 0; i < len; i++) {
            p[i] = (byte) (seed + i * 7);
        }
        return p;
    }

    private byte[] at(long gpa, int len) {
        byte[] b = new byte[len];
        ram.read(HVA + gpa, b, 0, len);
        return b;
    }

    @Test
    @DisplayName("a tx packet arrives in the rx buffer, and both buffers come back used")
    void loops() {
        byte[] p = packet(1500, 3);
        ram.write(HVA + TX_BUF, p, 0, p.length);
        int rxHead = rxDriver.add(new SplitRingDriver.Buffer(RX_BUF, 4096, true));
        int txHead = txDriver.add(new SplitRingDriver.Buffer(TX_BUF, p.length, false));
        assertEquals(1, net.work());
        assertEquals(txHead, txDriver.getBuf(1));
        assertEquals(rxHead, rxDriver.getBuf(1));
        assertEquals(p.length, rxDriver.usedLen());
        assertArrayEquals(p, at(RX_BUF, p.length));
        assertEquals(0, net.work(), "nothing more to loop");
    }

    @Test
    @DisplayName("INVALIDATE of the buffers' mapping: the packet fails and is never used")
    void invalidatedMappingFailsThePacket() {
        rxDriver.add(new SplitRingDriver.Buffer(RX_BUF, 4096, true));
        txDriver.add(new SplitRingDriver.Buffer(TX_BUF, 64, false));
        net.work();
        rxDriver.getBuf(1);
        txDriver.getBuf(1);
        fd.iotlbInvalidate(0, 0, LOW);
        rxDriver.add(new SplitRingDriver.Buffer(RX_BUF, 4096, true));
        txDriver.add(new SplitRingDriver.Buffer(TX_BUF, 64, false));
        assertEquals(0, net.work());
        assertEquals(1, net.txErrors());
        assertEquals(-EINVAL, net.lastError(), "the avail ring is no longer mapped");
        assertEquals(-1, txDriver.getBuf(1));
        assertEquals(-1, rxDriver.getBuf(1));
    }

    @Test
    @DisplayName("reset without IOTLB_PERSIST: back on 1:1, the device reaches host memory, not the client's")
    void resetLosesTheMapping() {
        fd.setStatus(0);
        rxDriver.add(new SplitRingDriver.Buffer(RX_BUF, 4096, true));
        txDriver.add(new SplitRingDriver.Buffer(TX_BUF, 64, false));
        assertEquals(0, net.work());
        assertEquals(-EFAULT, net.lastError());
        assertEquals(-1, rxDriver.getBuf(1));
    }

    @Test
    @DisplayName("a buffer across two IOVA-adjacent entries with distant host pages is copied piece by piece")
    void bufferAcrossEntries() {
        assertTrue(fd.iotlbUpdate(0, 0x40_0000, 0x1000, HVA + 0x30_0000, VhostAccess.RO) > 0);
        assertTrue(fd.iotlbUpdate(0, 0x40_1000, 0x1000, HVA + 0x50_0000, VhostAccess.RO) > 0);
        byte[] p = packet(0x1000, 9);
        ram.write(HVA + 0x30_0800, p, 0, 0x800);
        ram.write(HVA + 0x50_0000, p, 0x800, 0x800);
        rxDriver.add(new SplitRingDriver.Buffer(RX_BUF, 4096, true));
        txDriver.add(new SplitRingDriver.Buffer(0x40_0800, 0x1000, false));
        assertEquals(1, net.work());
        assertArrayEquals(p, at(RX_BUF, p.length));
    }

    @Test
    @DisplayName("an rx buffer mapped read-only: the device may not write it (-EPERM), the packet fails")
    void readOnlyRxBuffer() {
        assertTrue(fd.iotlbUpdate(0, 0x40_0000, 0x1000, HVA + 0x30_0000, VhostAccess.RO) > 0);
        byte[] before = at(0x30_0000, 64);
        rxDriver.add(new SplitRingDriver.Buffer(0x40_0000, 4096, true));
        txDriver.add(new SplitRingDriver.Buffer(TX_BUF, 64, false));
        assertEquals(0, net.work());
        assertEquals(1, net.rxErrors());
        assertEquals(-EPERM, net.lastError());
        assertArrayEquals(before, at(0x30_0000, 64));
    }

    @Test
    @DisplayName("no rx buffer: an overrun, the tx buffer is returned unsent")
    void overrun() {
        txDriver.add(new SplitRingDriver.Buffer(TX_BUF, 64, false));
        assertEquals(0, net.work());
        assertEquals(1, net.rxOverruns());
        assertEquals(0, txDriver.getBuf(1));
        assertEquals(0, txDriver.usedLen());
    }
}
