package org.vdpacheck.datapath;

import java.util.List;

import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.uapi.VhostAccess;

import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.Errno.ENOBUFS;
import static org.vdpacheck.uapi.Errno.EPERM;

/**
 * An immutable, flattened snapshot of what one address space translates through: the entries of
 * a {@link DeviceMap} in IOVA order as parallel primitive arrays, searched without boxing. It is
 * the shape mlx5 gives the table set_map hands it when a batch ends (mlx5_vdpa_create_mr() →
 * create_user_mr(): a sorted list of direct MRs behind one indirect mkey, rebuilt whole rather
 * than edited), and what the device's translation walks instead of vhost_iotlb's interval tree.
 *
 * <p>The 1:1 map is one entry [0, U64_MAX] → 0, read-write, marked {@link #identity()}: the
 * search needs no special case for it.
 */
public final class MemoryRegion {
    public static final MemoryRegion EMPTY = new MemoryRegion(new long[0], new long[0], new long[0], new int[0], false);
    public static final MemoryRegion IDENTITY = new MemoryRegion(new long[] {Long.MIN_VALUE}, new long[] {-1L},
            new long[] {0}, new int[] {VhostAccess.RW}, true);

    /** Entry starts with the sign bit flipped, so a signed search orders them as unsigned. */
    private final long[] keys;
    private final long[] last;
    private final long[] addr;
    private final int[] perm;
    private final boolean identity;

    private MemoryRegion(long[] keys, long[] last, long[] addr, int[] perm, boolean identity) {
        this.keys = keys;
        this.last = last;
        this.addr = addr;
        this.perm = perm;
        this.identity = identity;
    }

    /**
     * The snapshot of a device map. Entries must not overlap: vhost-vdpa refuses an overlapping
     * UPDATE with -EEXIST (vhost_vdpa_process_iotlb_update()) and every parent's table is a copy
     * of vhost's, so an overlap here is a bug upstream of the datapath, reported rather than
     * resolved one way or another.
     */
    public static MemoryRegion of(DeviceMap map) {
        if (map instanceof DeviceMap.Identity) {
            return IDENTITY;
        }
        List<IotlbMap> entries = ((DeviceMap.Table) map).entries();
        int n = entries.size();
        long[] keys = new long[n];
        long[] last = new long[n];
        long[] addr = new long[n];
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            IotlbMap m = entries.get(i);
            if (i > 0 && Long.compareUnsigned(m.start(), last[i - 1]) <= 0) {
                throw new IllegalArgumentException("overlapping device map entries: " + entries.get(i - 1) + ", " + m);
            }
            keys[i] = m.start() ^ Long.MIN_VALUE;
            last[i] = m.last();
            addr[i] = m.addr();
            perm[i] = m.perm();
        }
        return new MemoryRegion(keys, last, addr, perm, false);
    }

    public int size() {
        return keys.length;
    }

    public boolean identity() {
        return identity;
    }

    /** The index of the entry containing iova, or -1. */
    public int find(long iova) {
        long key = iova ^ Long.MIN_VALUE;
        // The last entry whose start is at most iova.
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi >= 0 && Long.compareUnsigned(iova, last[hi]) <= 0 ? hi : -1;
    }

    public long start(int i) {
        return keys[i] ^ Long.MIN_VALUE;
    }

    public long last(int i) {
        return last[i];
    }

    public long addr(int i) {
        return addr[i];
    }

    public int perm(int i) {
        return perm[i];
    }

    /**
     * Translates [iova, iova + len) for an access into segments, one per entry it crosses, as
     * vringh's iotlb_translate() does: the segment count, or -EINVAL when a byte of the range has
     * no entry (a hole, or no entry at all), -EPERM when an entry it crosses lacks the access's
     * permission, -ENOBUFS when the iov fills before the range ends (the filled segments are
     * valid, as copy_from_iotlb() relies on). Adjacent entries give separate segments even when
     * their host addresses are contiguous, as in the kernel.
     *
     * <p>A zero length translates to no segment and succeeds wherever it points: the kernel's loop
     * ({@code while (len > s)}) never looks. A range that wraps past 2^64 is -EINVAL. The kernel
     * does not check that (the iotlb flavour of vringh uses no_range_check()); it fails such a
     * range with -EINVAL too, except when entries [0, x] and [x + 1, U64_MAX] meet across the top
     * (the interval query of [addr, last] with last < addr finds only an entry holding both),
     * where it would wrap to IOVA 0. A device cannot issue a DMA that wraps the address space, so
     * this datapath refuses it always.
     */
    public int translate(long iova, long len, Access access, Iov iov) {
        return translate(find(iova), iova, len, access, iov);
    }

    /** {@link #translate} with {@code i = find(iova)} already known. */
    int translate(int i, long iova, long len, Access access, Iov iov) {
        iov.clear(identity);
        if (len == 0) {
            return 0;
        }
        if (i < 0 || Long.compareUnsigned(len - 1, -1L - iova) > 0) {
            return -EINVAL;
        }
        long rest = len;
        while (true) {
            if (!access.allowedBy(perm[i])) {
                return -EPERM;
            }
            long target = addr[i] + (iova - start(i));
            // Bytes from iova to the end of the entry, less one (the 1:1 entry holds 2^64).
            long upTo = last[i] - iova;
            if (Long.compareUnsigned(rest - 1, upTo) <= 0) {
                iov.add(target, rest);
                return iov.count();
            }
            iov.add(target, upTo + 1);
            rest -= upTo + 1;
            iova = last[i] + 1;
            i++;
            // The kernel's order at the top of its loop: a full iov first, then the lookup.
            if (iov.full()) {
                return -ENOBUFS;
            }
            if (i == keys.length || start(i) != iova) {
                return -EINVAL;
            }
        }
    }
}
