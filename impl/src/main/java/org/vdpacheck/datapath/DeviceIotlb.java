package org.vdpacheck.datapath;

import org.vdpacheck.dma.Access;
import org.vdpacheck.vdpa.VdpaDevice;

/**
 * The device's own IOTLB for one virtqueue group: a small direct-mapped cache of recent
 * translations in front of the {@link MemoryRegion} (an ATS translation cache; mlx5's mkey
 * lookups). A slot is chosen by the IOVA's page and holds the whole entry that page lies in, so
 * an access anywhere in a cached entry hits, whatever its length, while it stays inside. The slot
 * that answered last is tried first, so a queue walking through one large entry page by page
 * (sequential buffers in hugepage-backed RAM) keeps hitting although each page is new.
 *
 * <p>Soundness rests on one check per translation: the group's ASID ({@link
 * VdpaDevice#groupAsid}) and that ASID's {@link VdpaDevice#mapGeneration} must be those the cache was filled under,
 * else every slot is dropped first. A change to another address space leaves this one's slots
 * alone. Misses and permission failures go to the region, and nothing negative is cached.
 */
public final class DeviceIotlb {
    static final int SLOTS = 64;

    private final Datapath datapath;
    private final VdpaDevice vdpa;
    private final int group;
    /**
     * Per slot, side by side so a hit reads one cache line: the entry's start, last, addr and
     * perm. A perm of 0 marks an empty slot; no access is allowed by it, so it never hits.
     */
    private final long[] slots = new long[SLOTS * 4];
    private int asid = -1;
    private long generation;
    private MemoryRegion region;
    /** The slot that answered last. */
    private int mru;
    private long hits;

    DeviceIotlb(Datapath datapath, int group) {
        this.datapath = datapath;
        this.vdpa = datapath.vdpa();
        this.group = group;
    }

    public int group() {
        return group;
    }

    /** The same contract as {@link MemoryRegion#translate}, for the group's current ASID. */
    public int translate(long iova, long len, Access access, Iov iov) {
        revalidate();
        if (covers(mru, iova, len, access)) {
            return hit(mru, iova, len, iov);
        }
        int s = (int) (iova >>> 12) & (SLOTS - 1);
        if (covers(s, iova, len, access)) {
            return hit(s, iova, len, iov);
        }
        int i = region.find(iova);
        if (i >= 0) {
            int o = s << 2;
            slots[o] = region.start(i);
            slots[o + 1] = region.last(i);
            slots[o + 2] = region.addr(i);
            slots[o + 3] = region.perm(i);
            mru = s;
        }
        return region.translate(i, iova, len, access, iov);
    }

    /** Whether a slot's entry holds all of [iova, iova + len) and allows the access. */
    private boolean covers(int s, long iova, long len, Access access) {
        int o = s << 2;
        long start = slots[o];
        long last = slots[o + 1];
        return access.allowedBy((int) slots[o + 3]) && len != 0
                && Long.compareUnsigned(iova - start, last - start) <= 0
                && Long.compareUnsigned(len - 1, last - iova) <= 0;
    }

    private int hit(int s, long iova, long len, Iov iov) {
        hits++;
        mru = s;
        int o = s << 2;
        iov.single(slots[o + 2] + (iova - slots[o]), len, region.identity());
        return 1;
    }

    private void revalidate() {
        int a = vdpa.groupAsid(group);
        long g = vdpa.mapGeneration(a);
        if (a != asid || g != generation) {
            for (int o = 3; o < slots.length; o += 4) {
                slots[o] = 0;
            }
            asid = a;
            generation = g;
            region = datapath.region(a);
        }
    }

    /** Translations answered from a slot. */
    public long hits() {
        return hits;
    }
}
