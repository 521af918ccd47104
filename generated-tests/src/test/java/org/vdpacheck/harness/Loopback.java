package org.vdpacheck.harness;

import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

import org.vdpacheck.datapath.Datapath;
import org.vdpacheck.dma.Access;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.vring.NetLoopback;
import org.vdpacheck.vring.Ram;
import org.vdpacheck.vring.SplitRing;
import org.vdpacheck.vring.SplitRingDriver;

/**
 * Packets through vdpa_sim_net's loopback (vdpasim_net_work() over vringh's IOTLB accessors,
 * impl/'s NetLoopback), its rings and buffers placed by the mappings the model says the address
 * space has. Each work() call's packets are decided here, in order, from the entries alone: one
 * whose tx buffer the device cannot read stops the work as a tx error with neither chain used
 * (impl/'s NetLoopback counts a failed pull so, where the kernel goes on with a bogus length); one
 * with no rx buffer left is an overrun, its tx chain used with length 0; one whose rx buffer the
 * device cannot write stops it as an rx error, neither chain used; any other loops, both chains
 * used and the payload in the rx buffer. Asked only of the address space every group of the two
 * data virtqueues (vq and descriptor groups) is bound to.
 */
final class Loopback {
    private static final int NUM = 4;
    private static final int LEN = 64;
    /** Rings and buffers within the writable entry's first page: rx ring, tx ring, NUM tx buffers, NUM rx. */
    private static final long TX_RING = 0x100;
    private static final long TX_BUF = 0x200;
    private static final long RX_BUF = TX_BUF + NUM * LEN;
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
        long tx = rw.start() + TX_BUF;
        long rx = rw.start() + RX_BUF;
        l.send(1, new long[] {tx}, new long[] {rx});
        // A full ring each way, twice: the second time round every ring index has wrapped.
        long[] txs = new long[NUM];
        long[] rxs = new long[NUM];
        for (int i = 0; i < NUM; i++) {
            txs[i] = tx + (long) LEN * i;
            rxs[i] = rx + (long) LEN * i;
        }
        l.send(2, txs, rxs);
        l.send(1, new long[] {tx, tx + LEN}, new long[] {rx});
        long hole = l.hole();
        if (hole != -1) {
            l.send(1, new long[] {hole}, new long[] {rx});
            l.send(1, new long[] {tx}, new long[] {hole});
            // A packet that loops, then a spoiled one in the same work() call.
            l.send(1, new long[] {tx, hole}, new long[] {rx, rx + LEN});
            l.send(1, new long[] {tx, tx + LEN}, new long[] {rx, hole});
        }
        if (ro != null) {
            l.send(1, new long[] {ro.start()}, new long[] {rx});
            l.send(1, new long[] {tx}, new long[] {ro.start()});
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

    /** Whether the entries let the device make this access to all LEN bytes of a buffer (each lies in one entry). */
    private boolean reaches(long iova, Access access) {
        for (long at : new long[] {iova, iova + LEN - 1}) {
            if (entries.stream().noneMatch(e -> e.holds(at) && access.allowedBy(e.perm()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Packets in one work() call per round, on a fresh pair of rings: before each round the driver
     * makes every rx buffer (IOVAs) available, then every tx buffer with its own payload.
     */
    private void send(int rounds, long[] txs, long[] rxs) {
        long hva = rw.addr() - rw.start();
        zero(rw.addr(), (int) (RX_BUF + (long) NUM * LEN));
        SplitRing rxRing = SplitRing.at(rw.start(), NUM);
        SplitRing txRing = SplitRing.at(rw.start() + TX_RING, NUM);
        SplitRingDriver rxDriver = new SplitRingDriver(ram, hva, rxRing);
        SplitRingDriver txDriver = new SplitRingDriver(ram, hva, txRing);
        NetLoopback net = new NetLoopback(datapath, ram, rxRing, txRing);
        for (int round = 0; round < rounds; round++) {
            byte[][] payloads = new byte[txs.length][LEN];
            int[] rxHeads = new int[rxs.length];
            int[] txHeads = new int[txs.length];
            for (int i = 0; i < rxs.length; i++) {
                if (uaddr(rxs[i]) != -1) {
                    zero(uaddr(rxs[i]), LEN);
                }
                rxHeads[i] = rxDriver.add(new SplitRingDriver.Buffer(rxs[i], LEN, true));
            }
            for (int i = 0; i < txs.length; i++) {
                for (int b = 0; b < LEN; b++) {
                    payloads[i][b] = (byte) (txs[i] + 7 * b + 31 * round);
                }
                if (uaddr(txs[i]) != -1) {
                    ram.write(uaddr(txs[i]), payloads[i], 0, LEN);
                }
                txHeads[i] = txDriver.add(new SplitRingDriver.Buffer(txs[i], LEN, false));
            }
            long[] before = counters(net);
            int looped = net.work();
            String what = check(txs, rxs, payloads, looped, diff(counters(net), before), txDriver, txHeads, rxDriver,
                    rxHeads);
            if (what != null) {
                wrong.append(" but packets from ").append(hex(txs)).append(" to ").append(hex(rxs))
                        .append(rounds > 1 ? " (round " + (round + 1) + ")" : "").append(' ').append(what)
                        .append(" (last error ").append(net.lastError()).append(')');
                return;
            }
        }
    }

    /** What the round did that the entries do not say, or null. */
    private String check(long[] txs, long[] rxs, byte[][] payloads, int looped, long[] counted,
            SplitRingDriver txDriver, int[] txHeads, SplitRingDriver rxDriver, int[] rxHeads) {
        int loops = 0;
        String stop = "";
        for (int i = 0; i < txs.length && stop.isEmpty(); i++) {
            if (!reaches(txs[i], Access.READ)) {
                stop = "tx error";
            } else if (i >= rxs.length) {
                stop = "overrun";
            } else if (!reaches(rxs[i], Access.WRITE)) {
                stop = "rx error";
            } else {
                loops++;
            }
        }
        int fetched = loops + (stop.isEmpty() ? 0 : 1);
        long[] expected = {fetched, loops, stop.equals("tx error") ? 1 : 0, stop.equals("rx error") ? 1 : 0,
                stop.equals("overrun") ? 1 : 0};
        if (looped != loops || !Arrays.equals(counted, expected)) {
            return "looped " + looped + " counting (tx, rx, tx errors, rx errors, overruns) " + Arrays.toString(counted)
                    + ", not " + loops + " and " + Arrays.toString(expected)
                    + (stop.isEmpty() ? "" : " (" + stop + ")");
        }
        String used = used(txDriver, txHeads, loops + (stop.equals("overrun") ? 1 : 0), 0, "tx");
        if (used == null) {
            used = used(rxDriver, rxHeads, loops, LEN, "rx");
        }
        if (used != null) {
            return used;
        }
        for (int i = 0; i < rxs.length; i++) {
            if (uaddr(rxs[i]) != -1) {
                byte[] got = new byte[LEN];
                ram.read(uaddr(rxs[i]), got, 0, LEN);
                if (!Arrays.equals(got, i < loops ? payloads[i] : new byte[LEN])) {
                    return "left the rx buffer at 0x" + Long.toHexString(rxs[i])
                            + (i < loops ? " without its packet" : " written");
                }
            }
        }
        return null;
    }

    /** Whether the device used exactly the first {@code count} chains, in order, with {@code len}; or what it did. */
    private static String used(SplitRingDriver driver, int[] heads, int count, long len, String ring) {
        for (int i = 0; i <= count; i++) {
            int head = driver.getBuf(1);
            int want = i < count ? heads[i] : -1;
            if (head != want || (head != -1 && driver.usedLen() != len)) {
                return "used " + ring + " chain " + head + (head == -1 ? "" : " with length " + driver.usedLen())
                        + " where " + (want == -1 ? "none" : "chain " + want + " with length " + len) + " was due";
            }
        }
        return null;
    }

    private static long[] counters(NetLoopback net) {
        return new long[] {net.txPkts(), net.rxPkts(), net.txErrors(), net.rxErrors(), net.rxOverruns()};
    }

    private static long[] diff(long[] after, long[] before) {
        long[] d = new long[after.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = after[i] - before[i];
        }
        return d;
    }

    private static String hex(long[] iovas) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (long iova : iovas) {
            j.add("0x" + Long.toHexString(iova));
        }
        return j.toString();
    }

    private void zero(long uaddr, int len) {
        ram.write(uaddr, new byte[len], 0, len);
    }
}
