package org.vdpacheck.iotlb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.vdpacheck.uapi.Errno.EFAULT;

/**
 * The reference IOTLB, drivers/vhost/iotlb.c: an interval map from IOVA ranges to addresses.
 *
 * <p>The kernel keeps an augmented interval tree; this keeps the entries ordered by start and
 * remembers the widest entry, so an overlap query looks only at entries that start at most that
 * far below the query. Like the kernel's tree it allows overlapping entries: preventing them is
 * the caller's job (vhost-vdpa's -EEXIST check).
 *
 * <p>The order lives in a sorted array, {@code maps[head, tail)}, not a TreeSet: vhost-vdpa adds
 * an update's runs in IOVA order and unmaps lowest first, so nearly every change is at one end,
 * O(1) here; an entry added or removed in the middle moves those after it (a few thousand
 * entries at most). A QEMU log's reset unmaps and maps again 512 entries of 2 MiB per GiB of
 * guest RAM, and the tree's rebalancing was most of a log replay's time.
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

    private IotlbMap[] maps = new IotlbMap[16];
    private int head;
    private int tail;
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
        insert(map);
        // Unsigned: an entry wider than 2^63 (last - start) is still looked for from 0.
        if (Long.compareUnsigned(last - start, widest) > 0) {
            widest = last - start;
        }
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
            mapFree(map);
            removed.add(map);
        }
        return removed;
    }

    /** vhost_iotlb_map_free() of one entry. */
    public void mapFree(IotlbMap map) {
        // Lowest first is how an unmap frees: no search for that one.
        int at = head < tail && maps[head] == map ? head : Arrays.binarySearch(maps, head, tail, map, ORDER);
        if (at < 0) {
            return;
        }
        if (at == head) {
            maps[head++] = null;
        } else {
            System.arraycopy(maps, at + 1, maps, at, tail - at - 1);
            maps[--tail] = null;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
            widest = 0;
        }
    }

    /**
     * vhost_iotlb_itree_first(): the lowest entry overlapping [start, last], or null.
     *
     * <p>The kernel's interval-tree query takes [start, last] as given, even with last < start (a
     * zero-size INVALIDATE at iova > 0): it returns entries with start <= last && last' >= start,
     * i.e. those that contain both last and start.
     */
    public IotlbMap itreeFirst(long start, long last) {
        long low = Long.compareUnsigned(start, widest) < 0 ? 0 : start - widest;
        if (Long.compareUnsigned(last, low) < 0) {
            return null;
        }
        // An unmap takes entries lowest first, so the first entry is often already the one; else
        // search (no entry has seq MIN_VALUE: it ends at the first entry starting at low or above).
        int from = head == tail || Long.compareUnsigned(maps[head].start(), low) >= 0 ? head
                : -1 - Arrays.binarySearch(maps, head, tail, new IotlbMap(low, 0, 0, 0, null, Long.MIN_VALUE), ORDER);
        for (int i = from; i < tail && Long.compareUnsigned(maps[i].start(), last) <= 0; i++) {
            if (maps[i].overlaps(start, last)) {
                return maps[i];
            }
        }
        return null;
    }

    /** In order; the common case, after the last entry, without a search. */
    private void insert(IotlbMap map) {
        int at = tail > head && ORDER.compare(map, maps[tail - 1]) < 0
                ? -1 - Arrays.binarySearch(maps, head, tail, map, ORDER) : tail;
        if (tail == maps.length) {
            // Move the live entries to the front, in a larger array if they fill half of this one.
            IotlbMap[] to = tail - head >= maps.length / 2 ? new IotlbMap[maps.length * 2] : maps;
            System.arraycopy(maps, head, to, 0, tail - head);
            if (to == maps) {
                Arrays.fill(maps, tail - head, tail, null);
            }
            at -= head;
            tail -= head;
            head = 0;
            maps = to;
        }
        System.arraycopy(maps, at, maps, at + 1, tail - at);
        maps[at] = map;
        tail++;
    }

    /** vhost_iotlb_reset(): drop every entry. */
    public void reset() {
        Arrays.fill(maps, head, tail, null);
        head = 0;
        tail = 0;
        widest = 0;
    }

    public boolean isEmpty() {
        return head == tail;
    }

    public int size() {
        return tail - head;
    }

    /** The entries in IOVA order. */
    public List<IotlbMap> entries() {
        return List.of(Arrays.copyOfRange(maps, head, tail));
    }
}
