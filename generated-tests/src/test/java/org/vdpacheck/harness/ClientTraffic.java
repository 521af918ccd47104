package org.vdpacheck.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.vdpacheck.client.GuestMemory;
import org.vdpacheck.client.UserspaceClient;
import org.vdpacheck.datapath.Datapath;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.uapi.Errno;
import org.vdpacheck.vring.NetLoopback;
import org.vdpacheck.vring.Ram;
import org.vdpacheck.vring.SplitRing;
import org.vdpacheck.vring.SplitRingDriver;
import org.vdpacheck.vring.SplitRingDriver.Buffer;

import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.Errno.ELOOP;
import static org.vdpacheck.uapi.Errno.EPROTO;

/**
 * Guest traffic on the rings a client started the device with. The guest's driver uses the
 * rings where the client says it put them; the device takes its rings where the client's
 * VHOST_SET_VRING_NUM/ADDR and SET_VRING_ENABLE left them on the parent (vdpasim_queue_ready())
 * and loops packets as vdpasim_net_work() does, which moves nothing unless the status has
 * DRIVER_OK and both data queues are ready. So a started client whose
 * beliefs hold must see every packet come back: one buffer each way, a chain across both RAM
 * sections each way, then 300 more so that the ring indices wrap. Buffers sit above the rings
 * (which clients place in the first 256 KiB) in the first section and in the second.
 *
 * <p>Then chains no guest driver should post, each followed by a good packet, which the device
 * must handle as the kernel does whatever the client: vringh_getdesc_iotlb() refuses them with
 * the avail index already moved on (__vringh_get_head()), and vdpasim_net_work() stops at the
 * first, counting a bad tx chain as a tx error, never used, and a bad rx chain as an overrun
 * that drops the packet (its tx chain used with length 0). A head past the ring is refused before
 * the index moves, so the device is stuck on it. A disagreement there throws: it is not about
 * what the client believes.
 */
final class ClientTraffic {
    private static final int LEN = 64;
    private static final int ROUNDS = 3;
    private static final int PER_ROUND = 100;
    /** struct vring_desc { le64 addr; le32 len; le16 flags; le16 next; }: where flags and next sit. */
    private static final int DESC_SIZE = 16;
    private static final int FLAGS = 12;
    private static final int NEXT = 14;

    private final GuestMemory guest;
    private final Ram ram;
    private final SplitRingDriver rx;
    private final SplitRingDriver tx;
    private final NetLoopback net;
    private final SplitRing txRing;
    private final SplitRing rxRing;
    private final StringBuilder wrong = new StringBuilder();
    private int looped;
    private int txPkts;
    private int txErrors;
    private int rxOverruns;

    private ClientTraffic(ParentDevice vdpa, GuestMemory guest, SplitRing[] driver, SplitRing[] device) {
        this.guest = guest;
        this.ram = new Ram(guest.hva(), (int) guest.mappedSize());
        this.rx = new SplitRingDriver(ram, guest.hva(), driver[NetLoopback.RX_VQ]);
        this.tx = new SplitRingDriver(ram, guest.hva(), driver[NetLoopback.TX_VQ]);
        this.net = new NetLoopback(new Datapath(vdpa), ram, device[NetLoopback.RX_VQ], device[NetLoopback.TX_VQ]);
        this.txRing = driver[NetLoopback.TX_VQ];
        this.rxRing = driver[NetLoopback.RX_VQ];
    }

    /**
     * What the packets did that a started device with these beliefs must not, or "". Without
     * DRIVER_OK the device moves nothing and every packet is reported lost.
     */
    static String disagreements(UserspaceClient c, ParentDevice vdpa, GuestMemory guest) {
        SplitRing[] driver = new SplitRing[2];
        SplitRing[] device = new SplitRing[2];
        for (int vq : new int[] {NetLoopback.RX_VQ, NetLoopback.TX_VQ}) {
            UserspaceClient.Vring v = c.vring(vq);
            ParentDevice.VqSetup s = vdpa.vqSetup(vq);
            if (v == null) {
                return "the client set up no rings for vq " + vq + "; ";
            }
            if (!s.ready() || s.num() <= 0 || Integer.bitCount(s.num()) != 1) {
                return "vq " + vq + " is not set up and ready on the device (" + s + "); ";
            }
            driver[vq] = new SplitRing(v.desc(), v.avail(), v.used(), v.num());
            device[vq] = new SplitRing(s.desc(), s.driver(), s.device(), s.num());
        }
        ClientTraffic t = new ClientTraffic(vdpa, guest, driver, device);
        t.traffic();
        if (!t.wrong.isEmpty()) {
            return "packets on its rings" + t.wrong + "; ";
        }
        t.malformed();
        if (!t.wrong.isEmpty()) {
            throw new AssertionError("a good packet after a spoiled chain:" + t.wrong);
        }
        return "";
    }

    private void traffic() {
        GuestMemory.Section low = guest.sections().get(0);
        GuestMemory.Section high = guest.sections().get(guest.sections().size() - 1);
        long lowEnd = low.gpa() + low.size();
        long highEnd = high.gpa() + high.size();
        packets(1, new Buffer[][] {{new Buffer(low.gpa() + 0x40000, LEN, false)}},
                new Buffer[][] {{new Buffer(highEnd - LEN, LEN, true)}});
        // The rx chain holds more than the packet, as a guest's rx buffers do: the device fills
        // the first LEN bytes and leaves the rest alone.
        packets(2, new Buffer[][] {{new Buffer(lowEnd - 40, 40, false), new Buffer(high.gpa(), LEN - 40, false)}},
                new Buffer[][] {{new Buffer(lowEnd - 0x100 - 16, 16, true), new Buffer(high.gpa() + 0x1000, 2 * LEN, true)}});
        // Buffers across the boundary of two sections that are neighbours in GPA (DIMMs): vringh's
        // iotlb_translate() gives a segment per IOTLB entry, each at its own user address.
        List<Long> joins = new ArrayList<>();
        for (int i = 1; i < guest.sections().size(); i++) {
            GuestMemory.Section before = guest.sections().get(i - 1);
            if (before.gpa() + before.size() == guest.sections().get(i).gpa()) {
                joins.add(guest.sections().get(i).gpa());
            }
        }
        if (joins.size() >= 2) {
            packets(6, new Buffer[][] {{new Buffer(joins.get(0) - 24, LEN, false)}},
                    new Buffer[][] {{new Buffer(lowEnd - 0x200, 8, true), new Buffer(joins.get(1) - 16, 2 * LEN, true)}});
        }
        for (int round = 0; round < ROUNDS && wrong.isEmpty(); round++) {
            Buffer[][] txs = new Buffer[PER_ROUND][];
            Buffer[][] rxs = new Buffer[PER_ROUND][];
            for (int i = 0; i < PER_ROUND; i++) {
                txs[i] = new Buffer[] {new Buffer(low.gpa() + 0x50000 + (long) LEN * i, LEN, false)};
                rxs[i] = new Buffer[] {new Buffer(high.gpa() + 0x10000 + (long) LEN * i, LEN, true)};
            }
            packets(3 + round, txs, rxs);
        }
    }

    /** Each spoiled chain (two buffers, the second at +LEN) with the errno vringh refuses it with. */
    private void malformed() {
        long low = guest.sections().get(0).gpa() + 0x60000;
        long high = guest.sections().get(guest.sections().size() - 1).gpa() + 0x8000;
        // "Unexpected writable desc": vdpasim_net_work() passes the tx chain no wiov.
        badTx(low, -EPROTO, (head, second) -> ram.putU16(desc(txRing, second) + FLAGS, SplitRing.VRING_DESC_F_WRITE));
        // "Chained index %u > %u".
        badTx(low, -EINVAL, (head, second) -> ram.putU16(desc(txRing, head) + NEXT, txRing.num()));
        // "Descriptor loop": the second links back to the first.
        badTx(low, -ELOOP, (head, second) -> {
            ram.putU16(desc(txRing, second) + FLAGS, SplitRing.VRING_DESC_F_NEXT);
            ram.putU16(desc(txRing, second) + NEXT, head);
        });
        // "Readable desc after writable" in the rx chain; then "Unexpected readable desc".
        badRx(low, high, -EINVAL, (head, second) -> ram.putU16(desc(rxRing, second) + FLAGS, 0));
        badRx(low, high, -EPROTO, (head, second) -> ram.putU16(desc(rxRing, head) + FLAGS, SplitRing.VRING_DESC_F_NEXT));
        stuck(low, high);
    }

    private interface Spoil {
        void at(int head, int second);
    }

    private void badTx(long low, int errno, Spoil spoil) {
        int head = tx.add(new Buffer(low, LEN, false), new Buffer(low + LEN, LEN, false));
        spoil.at(head, (head + 1) & (txRing.num() - 1));
        txErrors++;
        refused("a tx chain", errno, net.work(), tx.getBuf(2), -1);
        packets(900 + txErrors, new Buffer[][] {{new Buffer(low, LEN, false)}},
                new Buffer[][] {{new Buffer(low + 0x1000, LEN, true)}});
    }

    private void badRx(long low, long high, int errno, Spoil spoil) {
        int txHead = tx.add(new Buffer(low, LEN, false));
        int head = rx.add(new Buffer(high, LEN, true), new Buffer(high + LEN, LEN, true));
        spoil.at(head, (head + 1) & (rxRing.num() - 1));
        txPkts++;
        rxOverruns++;
        refused("an rx chain", errno, net.work(), tx.getBuf(1), txHead);
        if (tx.usedLen() != 0 || rx.getBuf(2) != -1) {
            throw new AssertionError("the packet on a bad rx chain came back: tx length " + tx.usedLen());
        }
        packets(950 + rxOverruns, new Buffer[][] {{new Buffer(low, LEN, false)}},
                new Buffer[][] {{new Buffer(high, LEN, true)}});
    }

    /** A head index past the ring: refused before the avail index moves, on every later kick too. */
    private void stuck(long low, long high) {
        rx.add(new Buffer(high, LEN, true));
        tx.add(new Buffer(low, LEN, false));
        // The slot of the chain just made available: avail->ring[(avail->idx - 1) % num].
        int idx = ram.u16(guest.hva() + txRing.avail() + 2);
        ram.putU16(guest.hva() + txRing.avail() + 4 + 2L * ((idx - 1) & (txRing.num() - 1)), txRing.num());
        txErrors++;
        refused("a head past the ring", -EINVAL, net.work(), tx.getBuf(1), -1);
        tx.add(new Buffer(low, LEN, false));
        txErrors++;
        refused("the good packet behind that head", -EINVAL, net.work(), tx.getBuf(1), -1);
    }

    private void refused(String what, int errno, int worked, int txUsed, int txExpected) {
        if (worked != 0 || net.lastError() != errno || txUsed != txExpected || net.txPkts() != txPkts
                || net.rxPkts() != looped || net.txErrors() != txErrors || net.rxOverruns() != rxOverruns
                || net.rxErrors() != 0) {
            throw new AssertionError(what + " that vringh refuses with " + Errno.name(errno) + ": looped " + worked
                    + ", last error " + Errno.name(net.lastError()) + ", tx used " + txUsed + " (expected " + txExpected
                    + "), counters tx " + net.txPkts() + "/" + net.txErrors() + " rx " + net.rxPkts()
                    + " overruns " + net.rxOverruns() + " errors " + net.rxErrors());
        }
    }

    /** Where descriptor {@code d} of the driver's ring {@code r} sits in the guest's RAM. */
    private long desc(SplitRing r, int d) {
        return guest.hva() + r.desc() + (long) DESC_SIZE * d;
    }

    /** Each tx chain's bytes must land in the rx chain of the same index, every chain used once. */
    private void packets(int seed, Buffer[][] txs, Buffer[][] rxs) {
        byte[][] payloads = new byte[txs.length][];
        int[] txHeads = new int[txs.length];
        int[] rxHeads = new int[txs.length];
        for (int p = 0; p < txs.length; p++) {
            payloads[p] = new byte[LEN];
            for (int i = 0; i < LEN; i++) {
                payloads[p][i] = (byte) (seed * 31 + p * 7 + i);
            }
            scatter(txs[p], payloads[p]);
            scatter(rxs[p], new byte[length(rxs[p])]);
            rxHeads[p] = rx.add(rxs[p]);
            txHeads[p] = tx.add(txs[p]);
        }
        int n = net.work();
        looped += n;
        txPkts += n;
        if (n != txs.length) {
            wrong.append(" looped ").append(n).append(" of ").append(txs.length).append(" (last error ")
                    .append(net.lastError()).append(')');
            return;
        }
        for (int p = 0; p < txs.length; p++) {
            int txUsed = tx.getBuf(txs[p].length);
            long txLen = tx.usedLen();
            int rxUsed = rx.getBuf(rxs[p].length);
            if (txUsed != txHeads[p] || txLen != 0 || rxUsed != rxHeads[p] || rx.usedLen() != LEN
                    || !Arrays.equals(gather(rxs[p]), Arrays.copyOf(payloads[p], length(rxs[p])))) {
                wrong.append(" packet ").append(p).append(" of batch ").append(seed).append(" came back as tx ")
                        .append(txUsed).append('/').append(txLen).append(", rx ").append(rxUsed).append('/')
                        .append(rx.usedLen());
                return;
            }
        }
        if (net.txPkts() != txPkts || net.rxPkts() != looped || net.txErrors() != txErrors || net.rxErrors() != 0
                || net.rxOverruns() != rxOverruns) {
            wrong.append(" counters tx ").append(net.txPkts()).append(" rx ").append(net.rxPkts()).append(" after ")
                    .append(looped);
        }
        // struct virtq_used { le16 flags; le16 idx; ... } (virtio 1.2, 2.7.8): the index a guest
        // polls, read where the layout puts it, not where impl/'s ring code does. It counts the
        // chains used: every tx chain read (overruns too, at length 0), every rx chain filled.
        int txUsedIdx = ram.u16(guest.hva() + txRing.used() + 2);
        int rxUsedIdx = ram.u16(guest.hva() + rxRing.used() + 2);
        if (txUsedIdx != (txPkts & 0xffff) || rxUsedIdx != (looped & 0xffff)) {
            wrong.append(" used idx tx ").append(txUsedIdx).append(" rx ").append(rxUsedIdx).append(" after ")
                    .append(txPkts).append(" and ").append(looped);
        }
    }

    private static int length(Buffer[] chain) {
        return Arrays.stream(chain).mapToInt(Buffer::len).sum();
    }

    /** The guest's CPU stores {@code bytes} into the chain's buffers, in order. */
    private void scatter(Buffer[] chain, byte[] bytes) {
        int off = 0;
        for (Buffer b : chain) {
            copy(b, bytes, off, true);
            off += b.len();
        }
    }

    /** What the chain's buffers hold, in order. */
    private byte[] gather(Buffer[] chain) {
        byte[] bytes = new byte[length(chain)];
        int off = 0;
        for (Buffer b : chain) {
            copy(b, bytes, off, false);
            off += b.len();
        }
        return bytes;
    }

    /** One buffer, a piece per RAM section it lies in, each where the VMM's memory backs it. */
    private void copy(Buffer b, byte[] bytes, int off, boolean store) {
        long gpa = b.gpa();
        int done = 0;
        while (done < b.len()) {
            long at = gpa + done;
            GuestMemory.Section s = section(at);
            int n = (int) Math.min(b.len() - done, s.gpa() + s.size() - at);
            long hva = guest.uaddr(s) + (at - s.gpa());
            if (store) {
                ram.write(hva, bytes, off + done, n);
            } else {
                ram.read(hva, bytes, off + done, n);
            }
            done += n;
        }
    }

    private GuestMemory.Section section(long gpa) {
        return guest.sections().stream().filter(s -> Long.compareUnsigned(gpa - s.gpa(), s.size()) < 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("no RAM at GPA 0x" + Long.toHexString(gpa)));
    }
}
