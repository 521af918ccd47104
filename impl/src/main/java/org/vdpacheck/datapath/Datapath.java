package org.vdpacheck.datapath;

import org.vdpacheck.dma.Access;
import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.vdpa.VdpaDevice;
import org.vdpacheck.vdpa.VdpaOp;

import static org.vdpacheck.uapi.Errno.EINVAL;

/**
 * The device side of one vdpa device's DMA, built for speed: per address space a
 * {@link MemoryRegion} snapshot of the parent's current map, rebuilt on first use after the
 * parent's {@link VdpaDevice#mapGeneration} moved, and per virtqueue a {@link DeviceIotlb}
 * caching recent translations. {@link VdpaDevice#dma} is the reference it must agree with.
 */
public final class Datapath {
    private final VdpaDevice vdpa;
    private final MemoryRegion[] regions;
    private final long[] builtAt;

    public Datapath(VdpaDevice vdpa) {
        this.vdpa = vdpa;
        this.regions = new MemoryRegion[vdpa.nas()];
        this.builtAt = new long[vdpa.nas()];
    }

    public VdpaDevice vdpa() {
        return vdpa;
    }

    /** The snapshot the address space translates through now, rebuilt if the parent changed it. */
    public MemoryRegion region(int asid) {
        long generation = vdpa.mapGeneration(asid);
        if (regions[asid] == null || builtAt[asid] != generation) {
            regions[asid] = MemoryRegion.of(vdpa.currentMap(asid));
            builtAt[asid] = generation;
        }
        return regions[asid];
    }

    /**
     * translate(asid, iova, len, access), uncached: see {@link MemoryRegion#translate}. An ASID
     * the device does not have is -EINVAL, as {@link VdpaDevice#dma} faults it.
     */
    public int translate(int asid, long iova, long len, Access access, Iov iov) {
        if (Integer.compareUnsigned(asid, vdpa.nas()) >= 0) {
            iov.clear(false);
            return -EINVAL;
        }
        return region(asid).translate(iova, len, access, iov);
    }

    /**
     * The cache for a virtqueue's buffers: the group vhost-vdpa's GET_VRING_GROUP reports (0 for a
     * parent without get_vq_group, which has a single group).
     */
    public DeviceIotlb vqIotlb(int idx) {
        return new DeviceIotlb(this, vdpa.has(VdpaOp.GET_VQ_GROUP) ? vdpa.getVqGroup(idx) : 0);
    }

    /**
     * The cache for a virtqueue's descriptor table and driver and device areas: its descriptor
     * group where the kernel (v6.7) and the parent have one, else the buffers' group.
     */
    public DeviceIotlb descIotlb(int idx) {
        if (vdpa.profile().has(KernelChange.DESC_GROUP) && vdpa.has(VdpaOp.GET_VQ_DESC_GROUP)) {
            return new DeviceIotlb(this, vdpa.getVqDescGroup(idx));
        }
        return vqIotlb(idx);
    }
}
