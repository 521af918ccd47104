package org.vdpacheck.datapath;

/**
 * The segments one translation fills in: the {@code struct bio_vec iov[]} (or {@code struct
 * iovec} with use_va) that vringh's iotlb_translate() (drivers/vhost/vringh.c) is handed, with
 * its capacity. Each segment is a host address and a length, contiguous in IOVA with the one
 * before it. Reused from call to call, so translating allocates nothing.
 */
public final class Iov {
    /** IOTLB_IOV_STRIDE: the bio_vec array copy_from_iotlb() and copy_to_iotlb() translate into. */
    public static final int IOTLB_IOV_STRIDE = 16;

    private final long[] addr;
    private final long[] len;
    private int count;
    private boolean identity;

    public Iov(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an iov holds at least one segment");
        }
        addr = new long[capacity];
        len = new long[capacity];
    }

    public int capacity() {
        return addr.length;
    }

    /** Segments filled by the last translation (also after -ENOBUFS: those are valid). */
    public int count() {
        return count;
    }

    public long addr(int i) {
        return addr[i];
    }

    public long len(int i) {
        return len[i];
    }

    /**
     * Whether the translation went through the parent's 1:1 map, so the addresses are host
     * physical addresses equal to the IOVAs rather than memory userspace mapped.
     */
    public boolean identity() {
        return identity;
    }

    void clear(boolean identity) {
        count = 0;
        this.identity = identity;
    }

    boolean full() {
        return count == addr.length;
    }

    void add(long a, long l) {
        addr[count] = a;
        len[count] = l;
        count++;
    }

    /** One segment only: the cached hit, which needs no loop. */
    void single(long a, long l, boolean identity) {
        addr[0] = a;
        len[0] = l;
        count = 1;
        this.identity = identity;
    }
}
