package org.vdpacheck.harness;

import java.util.Arrays;
import java.util.List;

import org.vdpacheck.datapath.Datapath;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.vring.NetLoopback;
import org.vdpacheck.vring.Ram;
import org.vdpacheck.vring.SplitRing;
import org.vdpacheck.vring.SplitRingDriver;

/**
 * A packet through vdpa_sim_net's loopback (vdpasim_net_work() over vringh's IOTLB accessors,
 * impl/'s NetLoopback), its rings and buffers placed by the mappings the model says the address
 * space has: with both rings and buffers in one writable entry the packet loops and both
 * buffers come back used; a tx or rx buffer in a hole, or an rx buffer in a read-only entry,
 * never reaches the rx buffer; a tx buffer in a read-only entry does. Asked only of the address
 * space every group of the two data virtqueues (vq and descriptor groups) is bound to.
 */
final class Loopback {
    private static final int NUM = 4;
    private static final int LEN = 64;
    /** Rings and buffers within the writable entry's first page: rx ring, tx ring, tx, rx. */
    private static final long TX_RING = 0x100;
    private static final long TX_BUF = 0x200;
    private static final long RX_BUF = 0x300;
    private static final long PAGE = 0x1000;
    /** What guest RAM the harness is willing to allocate for one packet. */
    private static final long MAX_RAM = 4L << 20;

    private final Datapath datapath;
    private final List<Device.Entry> entries;
    private final Device.Entry rw;
    private final Ram ram;
    private final StringBuilder wrong = new StringBuilder();

    private Loopback(Datapath datapath, List<Device.Entry> entries, Device.Entry rw, Ram ram) {
        this.datapath = datapath;
        this.entries = entries;
        this.rw = rw;
        this.ram = ram;
    }

    /** Where the packets did not do what the entries say, or "". */
    static String disagreements(ParentDevice vdpa, Datapath datapath, int asid, List<Device.Entry> entries) {
        if (vdpa.nvqs() <= NetLoopback.TX_VQ || !dataGroupsOn(vdpa, datapath, asid)) {
            return "";
        }
        Device.Entry rw = entries.stream().filter(e -> e.perm() == Uapi.VHOST_ACCESS_RW && e.size() >= PAGE)
                .findFirst().orElse(null);
        if (rw == null) {
            return "";
        }
        // A read-only entry whose user memory is not the writable page's (the packet must not
        // overwrite its own rings).
        Device.Entry ro = entries.stream().filter(e -> e.perm() == Uapi.VHOST_ACCESS_RO && e.size() >= LEN
                && (Long.compareUnsigned(e.addr() + LEN, rw.addr()) <= 0
                        || Long.compareUnsigned(rw.addr() + PAGE, e.addr()) <= 0))
                .findFirst().orElse(null);
        long low = ro == null ? rw.addr() : Math.min(rw.addr(), ro.addr());
        long high = ro == null ? rw.addr() + PAGE : Math.max(rw.addr() + PAGE, ro.addr() + LEN);
        if (high - low > MAX_RAM) {
            ro = null;
            low = rw.addr();
            high = rw.addr() + PAGE;
        }
        Loopback l = new Loopback(datapath, entries, rw, new Ram(low, (int) (high - low)));
        l.packet(rw.start() + TX_BUF, rw.start() + RX_BUF, true);
        long hole = l.hole();
        if (hole != -1) {
            l.packet(hole, rw.start() + RX_BUF, false);
            l.packet(rw.start() + TX_BUF, hole, false);
        }
        if (ro != null) {
            l.packet(ro.start(), rw.start() + RX_BUF, true);
            l.packet(rw.start() + TX_BUF, ro.start(), false);
        }
        return l.wrong.toString();
    }

    private static boolean dataGroupsOn(ParentDevice vdpa, Datapath datapath, int asid) {
        for (int vq : new int[] {NetLoopback.RX_VQ, NetLoopback.TX_VQ}) {
            if (vdpa.groupAsid(datapath.vqIotlb(vq).group()) != asid
                    || vdpa.groupAsid(datapath.descIotlb(vq).group()) != asid) {
                return false;
            }
        }
        return true;
    }

    /** An IOVA range of LEN bytes just outside the writable entry that no entry holds, or -1. */
    private long hole() {
        for (long at : new long[] {rw.last() + 1, rw.start() - LEN}) {
            boolean wraps = Long.compareUnsigned(at + LEN - 1, at) < 0;
            if (!wraps && entries.stream().noneMatch(e -> e.overlaps(at, at + LEN - 1))) {
                return at;
            }
        }
        return -1;
    }

    /** The user address behind an IOVA the model maps, or -1 for one in a hole. */
    private long uaddr(long iova) {
        return entries.stream().filter(e -> e.holds(iova)).mapToLong(e -> e.addr() + (iova - e.start())).findFirst()
                .orElse(-1);
    }

    /** One packet from a fresh pair of rings; {@code loops}: whether the entries let it through. */
    private void packet(long tx, long rx, boolean loops) {
        long hva = rw.addr() - rw.start();
        SplitRing rxRing = SplitRing.at(rw.start(), NUM);
        SplitRing txRing = SplitRing.at(rw.start() + TX_RING, NUM);
        zero(rw.addr(), (int) RX_BUF + LEN);
        byte[] payload = new byte[LEN];
        for (int i = 0; i < LEN; i++) {
            payload[i] = (byte) (tx + 7 * i);
        }
        if (uaddr(tx) != -1) {
            ram.write(uaddr(tx), payload, 0, LEN);
        }
        if (uaddr(rx) != -1) {
            zero(uaddr(rx), LEN);
        }
        SplitRingDriver rxDriver = new SplitRingDriver(ram, hva, rxRing);
        SplitRingDriver txDriver = new SplitRingDriver(ram, hva, txRing);
        int rxHead = rxDriver.add(new SplitRingDriver.Buffer(rx, LEN, true));
        int txHead = txDriver.add(new SplitRingDriver.Buffer(tx, LEN, false));
        NetLoopback net = new NetLoopback(datapath, ram, rxRing, txRing);
        int looped = net.work();
        byte[] got = new byte[LEN];
        if (uaddr(rx) != -1) {
            ram.read(uaddr(rx), got, 0, LEN);
        }
        int rxUsed = rxDriver.getBuf(1);
        String what;
        if (loops) {
            int txUsed = txDriver.getBuf(1);
            boolean ok = looped == 1 && rxUsed == rxHead && rxDriver.usedLen() == LEN && txUsed == txHead
                    && txDriver.usedLen() == 0 && Arrays.equals(got, payload) && net.txPkts() == 1 && net.rxPkts() == 1
                    && net.txErrors() == 0 && net.rxErrors() == 0;
            what = ok ? null : "did not loop (looped " + looped + ", rx used " + rxUsed + "/" + rxDriver.usedLen()
                    + ", tx used " + txUsed + "/" + txDriver.usedLen() + ", last error " + net.lastError() + ")";
        } else {
            boolean ok = looped == 0 && rxUsed == -1 && Arrays.equals(got, new byte[LEN]) && net.rxPkts() == 0;
            what = ok ? null : "looped (rx used " + rxUsed + ")";
        }
        if (what != null) {
            wrong.append(" but a packet from 0x").append(Long.toHexString(tx)).append(" to 0x")
                    .append(Long.toHexString(rx)).append(' ').append(what);
        }
    }

    private void zero(long uaddr, int len) {
        ram.write(uaddr, new byte[len], 0, len);
    }
}
