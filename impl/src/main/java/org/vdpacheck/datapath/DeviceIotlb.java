package org.vdpacheck.datapath;

import java.util.Arrays;

import org.vdpacheck.dma.Access;
import org.vdpacheck.vdpa.VdpaDevice;

/**
 * The device's own IOTLB for one virtqueue group: a small direct-mapped cache of recent
 * translations in front of the {@link MemoryRegion} (an ATS translation cache; mlx5's mkey
 * lookups). A slot is chosen by the IOVA's page and holds the whole entry that page lies in, so
 * an access anywhere in a cached entry hits, whatever its length, while it stays inside.
 *
 * <p>Soundness rests on one check per translation: the group's ASID ({@link
 * VdpaDevice#groupAsid}) and that ASID's {@link VdpaDevice#mapGeneration} must be those the cache was filled under,
 * else every slot is dropped first. A change to another address space leaves this one's slots
 * alone. Misses and permission failures go to the region, and nothing negative is cached.
 */
public final class DeviceIotlb {
    static final int SLOTS = 64;
    private static final long INVALID = -1L;

    private final Datapath datapath;
    private final VdpaDevice vdpa;
    private final int group;
    /** IOVA page number per slot, or INVALID; no page number has all 64 bits set. */
    private final long[] tag = new long[SLOTS];
    private final long[] start = new long[SLOTS];
    private final long[] last = new long[SLOTS];
    private final long[] addr = new long[SLOTS];
    private final int[] perm = new int[SLOTS];
    private int asid = -1;
    private long generation;
    private MemoryRegion region;
    private long hits;
    private long misses;

    DeviceIotlb(Datapath datapath, int group) {
        this.datapath = datapath;
        this.vdpa = datapath.vdpa();
        this.group = group;
        Arrays.fill(tag, INVALID);
    }

    public int group() {
        return group;
    }

    /** The same contract as {@link MemoryRegion#translate}, for the group's current ASID. */
    public int translate(long iova, long len, Access access, Iov iov) {
        revalidate();
        long page = iova >>> 12;
        int s = (int) page & (SLOTS - 1);
        if (tag[s] == page && len != 0 && access.allowedBy(perm[s])
                && Long.compareUnsigned(len - 1, last[s] - iova) <= 0) {
            hits++;
            iov.single(addr[s] + (iova - start[s]), len, region.identity());
            return 1;
        }
        misses++;
        int i = region.find(iova);
        if (i >= 0) {
            tag[s] = page;
            start[s] = region.start(i);
            last[s] = region.last(i);
            addr[s] = region.addr(i);
            perm[s] = region.perm(i);
        }
        return region.translate(i, iova, len, access, iov);
    }

    private void revalidate() {
        int a = vdpa.groupAsid(group);
        long g = vdpa.mapGeneration(a);
        if (a != asid || g != generation) {
            Arrays.fill(tag, INVALID);
            asid = a;
            generation = g;
            region = datapath.region(a);
        }
    }

    /** Translations answered from a slot. */
    public long hits() {
        return hits;
    }

    /** Translations that went to the region (including the first after every flush). */
    public long misses() {
        return misses;
    }
}
