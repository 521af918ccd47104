package org.vdpacheck.iotlb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

import static org.vdpacheck.uapi.Errno.EFAULT;

/**
 * The reference IOTLB, drivers/vhost/iotlb.c: an interval map from IOVA ranges to addresses.
 *
 * <p>The kernel keeps an augmented interval tree; this keeps the entries ordered by start and
 * remembers the widest entry, so an overlap query looks only at entries that start at most that
 * far below the query. Like the kernel's tree it allows overlapping entries: preventing them is
 * the caller's job (vhost-vdpa's -EEXIST check).
 */
public final class VhostIotlb {
    /** By start, then last (both unsigned), then insertion; written out: the keyed form boxed every key. */
    private static final Comparator<IotlbMap> ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.start(), b.start());
        if (c == 0) {
            c = Long.compareUnsigned(a.last(), b.last());
        }
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    private final NavigableSet<IotlbMap> maps = new TreeSet<>(ORDER);
    private long widest;
    private long nextSeq;

    /** vhost_iotlb_add_range_ctx(). Returns 0, or -EFAULT if last < start. */
    public int addRangeCtx(long start, long last, long addr, int perm, Object opaque) {
        if (Long.compareUnsigned(last, start) < 0) {
            return -EFAULT;
        }
        // "If the range being mapped is [0, ULONG_MAX], split it into two entries otherwise its
        // size would overflow u64."
        if (start == 0 && last == -1L) {
            long mid = Long.divideUnsigned(last, 2);
            int ret = addRangeCtx(start, mid, addr, perm, opaque);
            if (ret != 0) {
                return ret;
            }
            addr += mid + 1;
            start = mid + 1;
        }
        IotlbMap map = new IotlbMap(start, last, addr, perm, opaque, nextSeq++);
        maps.add(map);
        widest = Math.max(widest, Long.compareUnsigned(map.size() - 1, Long.MAX_VALUE) > 0
                ? Long.MAX_VALUE : map.size() - 1);
        return 0;
    }

    /** vhost_iotlb_add_range(). */
    public int addRange(long start, long last, long addr, int perm) {
        return addRangeCtx(start, last, addr, perm, null);
    }

    /** vhost_iotlb_del_range(): removes every whole entry that overlaps [start, last]. */
    public List<IotlbMap> delRange(long start, long last) {
        List<IotlbMap> removed = new ArrayList<>();
        IotlbMap map;
        while ((map = itreeFirst(start, last)) != null) {
            maps.remove(map);
            removed.add(map);
        }
        if (maps.isEmpty()) {
            widest = 0;
        }
        return removed;
    }

    /** vhost_iotlb_map_free() of one entry. */
    public void mapFree(IotlbMap map) {
        maps.remove(map);
    }

    /** vhost_iotlb_itree_first(): the lowest entry overlapping [start, last], or null. */
    public IotlbMap itreeFirst(long start, long last) {
        for (IotlbMap m : candidates(start, last)) {
            if (m.overlaps(start, last)) {
                return m;
            }
        }
        return null;
    }

    /*
     * The kernel's interval-tree query takes [start, last] as given, even with last < start (a
     * zero-size INVALIDATE at iova > 0): it returns entries with start <= last && last' >= start,
     * i.e. those that contain both last and start.
     */
    private Iterable<IotlbMap> candidates(long start, long last) {
        long low = Long.compareUnsigned(start, widest) < 0 ? 0 : start - widest;
        if (maps.isEmpty() || Long.compareUnsigned(last, low) < 0) {
            return List.of();
        }
        IotlbMap from = new IotlbMap(low, 0, 0, 0, null, Long.MIN_VALUE);
        IotlbMap to = new IotlbMap(last, -1L, 0, 0, null, Long.MAX_VALUE);
        return maps.subSet(from, true, to, true);
    }

    /** vhost_iotlb_reset(): drop every entry. */
    public void reset() {
        maps.clear();
        widest = 0;
    }

    public boolean isEmpty() {
        return maps.isEmpty();
    }

    public int size() {
        return maps.size();
    }

    /** The entries in IOVA order. */
    public List<IotlbMap> entries() {
        return List.copyOf(maps);
    }
}
