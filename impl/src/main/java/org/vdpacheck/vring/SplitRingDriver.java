package org.vdpacheck.vring;

/**
 * The driver side of a split virtqueue, as the guest's drivers/virtio/virtio_ring.c keeps it:
 * it writes descriptors and avail entries into guest RAM with CPU stores (at hva + GPA: the ring
 * addresses are GPAs, and with no vIOMMU a GPA is also the IOVA) and reads back the used ring.
 * Descriptors are handed out in ring order, so a chain takes consecutive entries.
 */
public final class SplitRingDriver {
    /** One buffer of a chain: guest-physical, and whether the device writes it. */
    public record Buffer(long gpa, int len, boolean writable) {
    }

    private final Ram ram;
    private final long hva;
    private final SplitRing ring;
    private int nextDesc;
    private int availIdx;
    private int lastUsedIdx;
    private int inFlight;
    private long usedLen;

    public SplitRingDriver(Ram ram, long hva, SplitRing ring) {
        this.ram = ram;
        this.hva = hva;
        this.ring = ring;
    }

    /** virtqueue_add_split() then virtqueue_kick_prepare()'s avail->idx store: the chain's head. */
    public int add(Buffer... chain) {
        if (chain.length == 0 || inFlight + chain.length > ring.num()) {
            throw new IllegalStateException("no room for " + chain.length + " descriptors");
        }
        int head = nextDesc;
        for (int i = 0; i < chain.length; i++) {
            int d = (head + i) & (ring.num() - 1);
            long at = hva + ring.descAddr(d);
            ram.putU64(at, chain[i].gpa());
            ram.putU32(at + 8, chain[i].len());
            int flags = (chain[i].writable() ? SplitRing.VRING_DESC_F_WRITE : 0)
                    | (i + 1 < chain.length ? SplitRing.VRING_DESC_F_NEXT : 0);
            ram.putU16(at + 12, flags);
            ram.putU16(at + 14, (d + 1) & (ring.num() - 1));
        }
        nextDesc = (head + chain.length) & (ring.num() - 1);
        inFlight += chain.length;
        ram.putU16(hva + ring.availRing(availIdx & (ring.num() - 1)), head);
        availIdx = (availIdx + 1) & 0xffff;
        ram.putU16(hva + ring.availIdx(), availIdx);
        return head;
    }

    /**
     * virtqueue_get_buf(): the head of the next chain the device used, or -1; its length is then
     * {@link #usedLen()}. {@code descs} is how many descriptors that chain had, so they are free.
     */
    public int getBuf(int descs) {
        if (ram.u16(hva + ring.usedIdx()) == lastUsedIdx) {
            return -1;
        }
        long elem = hva + ring.usedElem(lastUsedIdx & (ring.num() - 1));
        lastUsedIdx = (lastUsedIdx + 1) & 0xffff;
        inFlight -= descs;
        usedLen = ram.u32(elem + 4);
        return (int) ram.u32(elem);
    }

    public long usedLen() {
        return usedLen;
    }
}
