package org.vdpacheck.vhost;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.uapi.VhostIotlbMsg;
import org.vdpacheck.uapi.VhostMsg;
import org.vdpacheck.vdpa.VdpaDevice;
import org.vdpacheck.vdpa.VdpaOp;

import static org.vdpacheck.mm.Mm.PAGE_MASK;
import static org.vdpacheck.mm.Mm.PAGE_SIZE;
import static org.vdpacheck.uapi.Errno.EEXIST;
import static org.vdpacheck.uapi.Errno.EFAULT;
import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.Errno.ENOMEM;
import static org.vdpacheck.uapi.Errno.EPERM;

/**
 * IOTLB messages written to the fd: framing in vhost_chr_write_iter() (drivers/vhost/vhost.c),
 * then vhost_vdpa_process_iotlb_msg() and the map/unmap helpers of drivers/vhost/vdpa.c, which
 * keep the vhost-side IOTLB and the parent's device-side mapping in step.
 */
final class VhostVdpaIotlb {
    private final VhostVdpa v;
    private final VdpaDevice vdpa;

    VhostVdpaIotlb(VhostVdpa v) {
        this.v = v;
        this.vdpa = v.vdpa;
    }

    /**
     * vhost_chr_write_iter(). Framing errors are -EINVAL; every error of the message handler
     * reaches userspace as -EFAULT. On success the size of the message struct is returned.
     */
    long chrWriteIter(Mm current, byte[] buf) {
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.length < 4) {
            return -EINVAL;
        }
        int type = b.getInt(0);
        int asid = 0;
        if (type == VhostMsg.VHOST_IOTLB_MSG_V2) {
            // The asid field is read only when IOTLB_ASID is acked; otherwise it is skipped.
            if (v.vqs[0].backendHas(VhostBackendFeature.IOTLB_ASID)) {
                if (buf.length < 8) {
                    return -EINVAL;
                }
                asid = b.getInt(4);
            }
        } else if (type != VhostMsg.VHOST_IOTLB_MSG) {
            return -EINVAL;
        }
        // V1 skips the hole after its int type; both messages carry the IOTLB message at offset 8.
        if (buf.length < 8 + VhostIotlbMsg.SIZE) {
            return -EINVAL;
        }
        VhostIotlbMsg msg = new VhostIotlbMsg(b.getLong(8), b.getLong(16), b.getLong(24),
                b.get(32) & 0xff, b.get(33) & 0xff);
        // A zero-size INVALIDATE is let through since ca50ec377c2e (v6.6).
        if (msg.type() == VhostIotlbMsg.UPDATE && msg.size() == 0) {
            return -EINVAL;
        }
        if (processIotlbMsg(current, asid, msg) != 0) {
            return -EFAULT;
        }
        return VhostMsg.SIZE;
    }

    /**
     * vhost_vdpa_process_iotlb_msg(). UPDATE and BATCH_BEGIN allocate the address space before
     * the batch check, so one for another ASID during a batch allocates it and then fails. The
     * kernel never checks that IOTLB_BATCH was acked.
     */
    int processIotlbMsg(Mm current, int asid, VhostIotlbMsg msg) {
        if (v.owner != current) {
            return -EPERM;
        }
        VhostIotlb iotlb;
        if (msg.type() == VhostIotlbMsg.UPDATE || msg.type() == VhostIotlbMsg.BATCH_BEGIN) {
            iotlb = findAllocAs(asid);
            if (iotlb == null) {
                return -EINVAL;
            }
        } else {
            iotlb = v.as.get(asid);
        }
        if ((v.inBatch && v.batchAsid != asid) || iotlb == null) {
            return -EINVAL;
        }
        switch (msg.type()) {
            case VhostIotlbMsg.UPDATE:
                return processIotlbUpdate(iotlb, msg, asid);
            case VhostIotlbMsg.INVALIDATE:
                unmap(iotlb, msg.iova(), msg.size(), asid);
                return 0;
            case VhostIotlbMsg.BATCH_BEGIN:
                v.batchAsid = asid;
                v.inBatch = true;
                return 0;
            case VhostIotlbMsg.BATCH_END:
                // set_map's result is ignored here.
                if (v.inBatch && vdpa.has(VdpaOp.SET_MAP)) {
                    vdpa.setMap(asid, iotlb);
                }
                v.inBatch = false;
                return 0;
            default:
                return -EINVAL;
        }
    }

    /** vhost_vdpa_find_alloc_as(): lazily allocated, never beyond the parent's nas. */
    private VhostIotlb findAllocAs(int asid) {
        if (Integer.compareUnsigned(asid, vdpa.nas()) >= 0) {
            return null;
        }
        return v.as.computeIfAbsent(asid, a -> new VhostIotlb());
    }

    /**
     * vhost_vdpa_process_iotlb_update(): inside the IOVA range, no overlap with any entry of the
     * address space (-EEXIST: no merge, no replace), then the VA or the PA path.
     */
    private int processIotlbUpdate(VhostIotlb iotlb, VhostIotlbMsg msg, int asid) {
        long iova = msg.iova();
        long size = msg.size();
        if (Long.compareUnsigned(iova, v.rangeFirst) < 0 || size == 0
                || Long.compareUnsigned(iova, -size) > 0
                || Long.compareUnsigned(iova + size - 1, v.rangeLast) > 0) {
            return -EINVAL;
        }
        if (iotlb.itreeFirst(iova, iova + size - 1) != null) {
            return -EEXIST;
        }
        if (vdpa.useVa()) {
            return vaMap(iotlb, iova, size, msg.uaddr(), msg.perm(), asid);
        }
        return paMap(iotlb, iova, size, msg.uaddr(), msg.perm(), asid);
    }

    /**
     * vhost_vdpa_va_map(): one entry per VMA, holding a file reference. VMAs that are not shared
     * and file-backed are skipped silently, leaving a hole. On failure only the part already
     * walked, [iova, map_iova), is unmapped; when that part is empty the unmap gets size 0.
     */
    private int vaMap(VhostIotlb iotlb, long iova, long size, long uaddr, int perm, int asid) {
        Mm mm = v.owner;
        long mapIova = iova;
        int ret = 0;
        while (size != 0) {
            Vma vma = mm.findVma(uaddr);
            if (vma == null) {
                ret = -EINVAL;
                break;
            }
            long mapSize = Long.compareUnsigned(size, vma.end() - uaddr) <= 0 ? size : vma.end() - uaddr;
            if (vma.fileBacked() && vma.shared()) {
                ret = map(iotlb, mapIova, mapSize, uaddr, perm, vma, asid);
                if (ret != 0) {
                    break;
                }
            }
            size -= mapSize;
            uaddr += mapSize;
            mapIova += mapSize;
        }
        if (ret != 0) {
            unmap(iotlb, iova, mapIova - iova, asid);
        }
        return ret;
    }

    /**
     * vhost_vdpa_pa_map(): pin the pages (checked against RLIMIT_MEMLOCK) and map one entry per
     * physically contiguous run. Entries are page-rounded: iova &= PAGE_MASK, and the page count
     * comes from size plus iova's page offset. On failure the whole requested range is unmapped.
     */
    private int paMap(VhostIotlb iotlb, long iova, long size, long uaddr, int perm, int asid) {
        Mm mm = v.owner;
        long npages = (size + (iova & ~PAGE_MASK) + PAGE_SIZE - 1) >>> 12;
        if (npages == 0) {
            return -EINVAL;
        }
        if (Long.compareUnsigned(npages + mm.pinnedVm(), mm.memlockLimitPages()) > 0) {
            return -ENOMEM;
        }
        long curBase = uaddr & PAGE_MASK;
        iova &= PAGE_MASK;
        long start = iova;
        int ret = mm.pinUserPages(curBase, npages, (perm & VhostAccess.WO) != 0);
        if (ret == 0) {
            long end = curBase + npages * PAGE_SIZE;
            for (long run = curBase; Long.compareUnsigned(run, end) < 0; ) {
                long runEnd = mm.contiguousEnd(run, end);
                ret = map(iotlb, iova, runEnd - run, run, perm, null, asid);
                if (ret != 0) {
                    break;
                }
                iova += runEnd - run;
                run = runEnd;
            }
        }
        if (ret != 0) {
            unmap(iotlb, start, size, asid);
        }
        return ret;
    }

    /**
     * vhost_vdpa_map(): add the range to the vhost-side IOTLB, then tell the parent: dma_map now
     * (even inside a batch), else set_map of the whole table unless batching, else iommu_map into
     * the domain. A parent error takes the range out again. Pinned pages are charged to the owner.
     */
    private int map(VhostIotlb iotlb, long iova, long size, long pa, int perm, Object opaque, int asid) {
        int r = iotlb.addRangeCtx(iova, iova + size - 1, pa, perm, opaque);
        if (r != 0) {
            return r;
        }
        if (vdpa.has(VdpaOp.DMA_MAP)) {
            r = vdpa.dmaMap(asid, iova, size, pa, perm, opaque);
        } else if (vdpa.has(VdpaOp.SET_MAP)) {
            if (!v.inBatch) {
                r = vdpa.setMap(asid, iotlb);
            }
        } else {
            r = v.domain.map(iova, pa, size, perm);
        }
        if (r != 0) {
            iotlb.delRange(iova, iova + size - 1);
            return r;
        }
        if (!vdpa.useVa()) {
            v.owner.addPinnedVm(size >>> 12);
        }
        return 0;
    }

    /** vhost_vdpa_unmap(): remove the entries, then hand a set_map parent the new table. */
    private void unmap(VhostIotlb iotlb, long iova, long size, int asid) {
        iotlbUnmap(iotlb, iova, iova + size - 1, asid);
        if (vdpa.has(VdpaOp.SET_MAP) && !v.inBatch) {
            vdpa.setMap(asid, iotlb);
        }
    }

    /**
     * vhost_vdpa_iotlb_unmap(): every whole entry overlapping [start, last] goes, unpinned (PA)
     * or with its file reference dropped (VA), through vhost_vdpa_general_unmap(): dma_unmap for a
     * dma_map parent, iommu_unmap for a platform parent, nothing for a set_map parent.
     */
    void iotlbUnmap(VhostIotlb iotlb, long start, long last, int asid) {
        IotlbMap map;
        while ((map = iotlb.itreeFirst(start, last)) != null) {
            if (!vdpa.useVa()) {
                v.owner.addPinnedVm(-(map.size() >>> 12));
            }
            if (vdpa.has(VdpaOp.DMA_MAP)) {
                vdpa.dmaUnmap(asid, map.start(), map.size());
            } else if (!vdpa.has(VdpaOp.SET_MAP)) {
                v.domain.unmap(map.start(), map.size());
            }
            iotlb.mapFree(map);
        }
    }
}
