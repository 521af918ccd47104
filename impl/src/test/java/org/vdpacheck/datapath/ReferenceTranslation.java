package org.vdpacheck.datapath;

import java.util.ArrayList;
import java.util.List;

import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.iotlb.IotlbMap;

import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.Errno.ENOBUFS;
import static org.vdpacheck.uapi.Errno.EPERM;

/**
 * The oracle the datapath is compared with: vringh's iotlb_translate() (drivers/vhost/vringh.c)
 * written out over the reference {@link DeviceMap}, with a linear interval query in place of
 * vhost_iotlb_itree_first(). It shares no code with {@link MemoryRegion}. Where the two are
 * meant to differ from the kernel (a range that wraps past 2^64 is -EINVAL) the oracle says so
 * first, explicitly.
 */
final class ReferenceTranslation {
    /** What a translation answered: the return value, the segments {addr, len}, the 1:1 flag. */
    record Result(int ret, List<List<Long>> segments, boolean identity) {
        static Result of(int ret, Iov iov) {
            List<List<Long>> segs = new ArrayList<>();
            for (int i = 0; i < iov.count(); i++) {
                segs.add(List.of(iov.addr(i), iov.len(i)));
            }
            return new Result(ret, segs, iov.identity());
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(Integer.toString(ret)).append(identity ? " identity" : "");
            for (List<Long> s : segments) {
                b.append(String.format(" [0x%x+0x%x]", s.get(0), s.get(1)));
            }
            return b.toString();
        }
    }

    private ReferenceTranslation() {
    }

    static Result translate(DeviceMap map, long iova, long len, Access access, int capacity) {
        boolean identity = map instanceof DeviceMap.Identity;
        List<List<Long>> segs = new ArrayList<>();
        if (len == 0) {
            return new Result(0, segs, identity);
        }
        long last = iova + len - 1;
        if (Long.compareUnsigned(last, iova) < 0) {
            return new Result(-EINVAL, segs, identity);
        }
        if (identity) {
            // The point reference says where the first byte lands; the 1:1 map has no boundary.
            Translation t = map.translate(iova, access);
            segs.add(List.of(((Translation.Identity) t).pa(), len));
            return new Result(1, segs, true);
        }
        List<IotlbMap> entries = ((DeviceMap.Table) map).entries();
        long s = 0;
        long addr = iova;
        while (Long.compareUnsigned(len, s) > 0) {
            if (segs.size() >= capacity) {
                return new Result(-ENOBUFS, segs, false);
            }
            IotlbMap m = null;
            for (IotlbMap e : entries) {
                if (e.overlaps(addr, last)) {
                    m = e;
                    break;
                }
            }
            if (m == null || Long.compareUnsigned(m.start(), addr) > 0) {
                return new Result(-EINVAL, segs, false);
            }
            if (!access.allowedBy(m.perm())) {
                return new Result(-EPERM, segs, false);
            }
            long size = m.size() - addr + m.start();
            long piece = Long.compareUnsigned(len - s, size) < 0 ? len - s : size;
            segs.add(List.of(m.addr() + addr - m.start(), piece));
            if (piece != size) {
                break;
            }
            s += size;
            addr += size;
        }
        return new Result(segs.size(), segs, false);
    }
}
