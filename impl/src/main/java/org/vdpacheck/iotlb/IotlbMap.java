package org.vdpacheck.iotlb;

import org.vdpacheck.uapi.VhostAccess;

/**
 * struct vhost_iotlb_map: [start, last] (inclusive, unsigned) translating to addr, with perm
 * (VHOST_MAP_RO/WO/RW) and the opaque the VA path attaches (a file reference).
 */
public final class IotlbMap {
    private final long start;
    private final long last;
    private final long addr;
    private final int perm;
    private final Object opaque;
    final long seq;

    IotlbMap(long start, long last, long addr, int perm, Object opaque, long seq) {
        this.start = start;
        this.last = last;
        this.addr = addr;
        this.perm = perm;
        this.opaque = opaque;
        this.seq = seq;
    }

    public long start() {
        return start;
    }

    public long last() {
        return last;
    }

    /** map->size; 0 stands for 2^64, which vhost_iotlb_add_range_ctx() never creates. */
    public long size() {
        return last - start + 1;
    }

    public long addr() {
        return addr;
    }

    public int perm() {
        return perm;
    }

    public Object opaque() {
        return opaque;
    }

    public boolean overlaps(long s, long l) {
        return Long.compareUnsigned(start, l) <= 0 && Long.compareUnsigned(s, last) <= 0;
    }

    /** Same range, target and permission: what "the same mapping" means to a device. */
    public boolean sameTranslation(IotlbMap o) {
        return start == o.start && last == o.last && addr == o.addr && perm == o.perm;
    }

    /** Equal when {@link #sameTranslation}: which object or file reference holds it is no part of a state. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IotlbMap m && sameTranslation(m);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(start) * 31 + Long.hashCode(addr) * 17 + Long.hashCode(last) + perm;
    }

    @Override
    public String toString() {
        return String.format("0x%x size 0x%x uaddr 0x%x perm %s", start, size(), addr, VhostAccess.name(perm));
    }
}
