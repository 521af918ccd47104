package org.vdpacheck.vring;

/**
 * Where a split virtqueue lives, as SET_VRING_ADDR gives it (IOVAs), and its layout
 * (include/uapi/linux/virtio_ring.h): the descriptor table of {@code struct vring_desc {le64
 * addr; le32 len; le16 flags; le16 next;}}, the driver area (avail: flags, idx, ring[num]) and
 * the device area (used: flags, idx, ring[num] of {le32 id; le32 len;}).
 */
public record SplitRing(long desc, long avail, long used, int num) {
    public static final int VRING_DESC_F_NEXT = 1;
    public static final int VRING_DESC_F_WRITE = 2;
    public static final int VRING_DESC_F_INDIRECT = 4;
    static final int DESC_SIZE = 16;
    static final int USED_ELEM_SIZE = 8;

    public SplitRing {
        if (num <= 0 || Integer.bitCount(num) != 1 || num > 32768) {
            throw new IllegalArgumentException("a split ring's size is a power of two up to 32768");
        }
    }

    /** Rings laid out back to back from {@code base}, each area aligned as virtio 1.x requires. */
    public static SplitRing at(long base, int num) {
        long avail = base + (long) DESC_SIZE * num;
        long used = (avail + 6 + 2L * num + 3) & ~3L;
        return new SplitRing(base, avail, used, num);
    }

    long descAddr(int i) {
        return desc + (long) DESC_SIZE * i;
    }

    long availIdx() {
        return avail + 2;
    }

    long availRing(int slot) {
        return avail + 4 + 2L * slot;
    }

    long usedIdx() {
        return used + 2;
    }

    long usedElem(int slot) {
        return used + 4 + (long) USED_ELEM_SIZE * slot;
    }
}
