package org.vdpacheck.parent;

import java.util.EnumSet;
import java.util.Set;

import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.uapi.VirtioFeature;
import org.vdpacheck.vdpa.VdpaOp;

import static org.vdpacheck.uapi.Errno.EINVAL;

/**
 * vdpa_sim_net (drivers/vdpa/vdpa_sim/vdpa_sim.c, vdpa_sim_net.c): 3 vqs (rx, tx, cvq), 2
 * groups (data 0, cvq 1), 2 address spaces. Each address space is the simulator's own
 * vhost_iotlb, iommu[asid]; iommu_pt[asid] marks the 1:1 table [0, ULONG_MAX] → 0 RW.
 *
 * <p>In 6.1 every reset emptied every table, and the PA path mapped pinned pages, one entry per
 * physically contiguous run. From 6c3d329e6486 until v6.7 every reset rewrote every table to
 * 1:1, so userspace's maps did not survive a reset. 86f6c224c979 (v6.7) made the device start at
 * 1:1, keeps maps across .reset, and moves the rewrite to .compat_reset(CLEAN_MAP) and
 * .reset_map. The Aug 2023 RFC left vdpa_sim alone (its reset_map came in v3 of the series), so
 * there it still behaves as in v6.6.
 */
public final class VdpaSim extends ParentDevice {
    static final int NGROUPS = 2;
    static final int NAS = 2;
    private static final int CVQ_GROUP = 1;

    private final VhostIotlb[] iommu = new VhostIotlb[NAS];
    private final boolean[] iommuPt = new boolean[NAS];
    /** vdpasim->mm_bound: the mm the worker attaches to (kthread_use_mm()) for use_va. */
    private Mm mmBound;

    /**
     * vdpasim_create(). {@code batchMapping} selects vdpasim_batch_config_ops (set_map) or
     * vdpasim_config_ops (dma_map/dma_unmap); {@code useVa} is the module parameter of the same
     * name (default true), which makes vhost-vdpa map user VAs instead of pinning pages.
     */
    public VdpaSim(KernelProfile profile, boolean batchMapping, boolean useVa) {
        super("vdpa_sim", profile, VirtioNet.NVQS, NGROUPS, NAS, useVa && profile.has(KernelChange.VDPA_SIM_USE_VA),
                null, ops(profile, batchMapping), VirtioNet.FEATURES);
        for (int i = 0; i < NAS; i++) {
            iommu[i] = new VhostIotlb();
            if (profile.has(KernelChange.VDPA_SIM_RESET_MAP)) {
                setIdentity(i);
            }
        }
    }

    private static Set<VdpaOp> ops(KernelProfile profile, boolean batchMapping) {
        Set<VdpaOp> ops = EnumSet.of(batchMapping ? VdpaOp.SET_MAP : VdpaOp.DMA_MAP,
                VdpaOp.SUSPEND, VdpaOp.GET_VQ_GROUP, VdpaOp.SET_GROUP_ASID, VdpaOp.GET_IOVA_RANGE);
        if (profile.has(KernelChange.RESUME)) {
            ops.add(VdpaOp.RESUME);
        }
        if (profile.has(KernelChange.BIND_MM)) {
            ops.add(VdpaOp.BIND_MM);
        }
        if (profile.has(KernelChange.PARENT_BACKEND_FEATURES)) {
            ops.add(VdpaOp.GET_BACKEND_FEATURES);
        }
        if (profile.has(KernelChange.VDPA_SIM_RESET_MAP)) {
            ops.add(VdpaOp.COMPAT_RESET);
            ops.add(VdpaOp.RESET_MAP);
        }
        return ops;
    }

    private void setIdentity(int asid) {
        iommu[asid].reset();
        iommu[asid].addRange(0, -1L, 0, VhostAccess.RW);
        iommuPt[asid] = true;
        mapChanged(asid);
    }

    /** vdpasim_set_driver_features(): "DMA mapping must be done by driver". */
    @Override
    public int setDriverFeatures(long features) {
        if (!VirtioFeature.ACCESS_PLATFORM.in(features)) {
            return -EINVAL;
        }
        return super.setDriverFeatures(features);
    }

    /** vdpasim_get_iova_range(): all of the 64-bit space. */
    @Override
    public long[] getIovaRange() {
        return new long[] {0, -1L};
    }

    /** vdpasim_reset(): v6.7 is compat_reset(0), which keeps the maps; v6.6 always rewrote them. */
    @Override
    public int reset() {
        doReset(profile().has(KernelChange.VDPA_SIM_RESET_MAP) ? 0 : VDPA_RESET_F_CLEAN_MAP);
        return 0;
    }

    /** vdpasim_compat_reset() (v6.7). */
    @Override
    public int compatReset(int flags) {
        doReset(flags);
        return 0;
    }

    /** vdpasim_do_reset(): vqs reset and back on iommu[0] (every group to ASID 0). */
    private void doReset(int flags) {
        resetVirtio();
        if ((flags & VDPA_RESET_F_CLEAN_MAP) != 0) {
            for (int i = 0; i < NAS; i++) {
                if (profile().has(KernelChange.VDPA_SIM_IDENTITY_MAP)) {
                    setIdentity(i);
                } else {
                    // 6.1: vhost_iotlb_reset(&vdpasim->iommu[i]), no iommu_pt to fall back on.
                    iommu[i].reset();
                    iommuPt[i] = false;
                    mapChanged(i);
                }
            }
        }
    }

    /** vdpasim_set_map(): iommu[asid] := a copy of the table; on an add error, EMPTY. */
    @Override
    public int setMap(int asid, VhostIotlb iotlb) {
        if (Integer.compareUnsigned(asid, NAS) >= 0) {
            return -EINVAL;
        }
        iommu[asid].reset();
        iommuPt[asid] = false;
        mapChanged(asid);
        for (IotlbMap m : iotlb.entries()) {
            int ret = iommu[asid].addRange(m.start(), m.last(), m.addr(), m.perm());
            if (ret != 0) {
                iommu[asid].reset();
                return ret;
            }
        }
        return 0;
    }

    /** vdpasim_dma_map(): the first map into a 1:1 table drops the 1:1 entry. */
    @Override
    public int dmaMap(int asid, long iova, long size, long pa, int perm, Object opaque) {
        if (Integer.compareUnsigned(asid, NAS) >= 0) {
            return -EINVAL;
        }
        dropIdentity(asid);
        mapChanged(asid);
        return iommu[asid].addRangeCtx(iova, iova + size - 1, pa, perm, opaque);
    }

    /** vdpasim_dma_unmap(): same rule for the 1:1 table, then delete the range. */
    @Override
    public int dmaUnmap(int asid, long iova, long size) {
        if (Integer.compareUnsigned(asid, NAS) >= 0) {
            return -EINVAL;
        }
        dropIdentity(asid);
        iommu[asid].delRange(iova, iova + size - 1);
        mapChanged(asid);
        return 0;
    }

    private void dropIdentity(int asid) {
        if (iommuPt[asid]) {
            iommu[asid].reset();
            iommuPt[asid] = false;
        }
    }

    /** vdpasim_reset_map() (v6.7): back to 1:1 unless it already is. */
    @Override
    public int resetMap(int asid) {
        if (Integer.compareUnsigned(asid, NAS) >= 0) {
            return -EINVAL;
        }
        if (!iommuPt[asid]) {
            setIdentity(asid);
        }
        return 0;
    }

    /**
     * vdpasim_set_group_asid(): its own group check is off by one (group == ngroups passes and
     * matches no vq), so that call is a silent no-op.
     */
    @Override
    public int setGroupAsid(int group, int asid) {
        if (Integer.compareUnsigned(group, NGROUPS) > 0) {
            return -EINVAL;
        }
        if (Integer.compareUnsigned(asid, NAS) >= 0) {
            return -EINVAL;
        }
        if (group < NGROUPS) {
            groupAsid[group] = asid;
        }
        return 0;
    }

    /** vdpasim_net's get_vq_group: the cvq (index 2) is group 1, rx and tx group 0. */
    @Override
    public int getVqGroup(int idx) {
        return idx == VirtioNet.CVQ_INDEX ? CVQ_GROUP : 0;
    }

    /** vdpasim_suspend()/resume() stop and restart the worker; maps are untouched. */
    @Override
    public int suspend() {
        return 0;
    }

    @Override
    public int resume() {
        return 0;
    }

    /** vdpasim_get_backend_features() (v6.6). */
    @Override
    public long getBackendFeatures() {
        return VhostBackendFeature.ENABLE_AFTER_DRIVER_OK.mask();
    }

    /** vdpasim_bind_mm() / vdpasim_unbind_mm(). */
    @Override
    public int bindMm(Mm mm) {
        mmBound = mm;
        return 0;
    }

    @Override
    public void unbindMm() {
        mmBound = null;
    }

    /** The mm the simulator's worker reaches user VAs through, or null. */
    public Mm mmBound() {
        return mmBound;
    }

    /**
     * vringh translates through iommu[asid] itself; iommu_pt only tells dma_map and set_map to
     * empty it first.
     */
    @Override
    public DeviceMap currentMap(int asid) {
        return DeviceMap.of(iommu[asid]);
    }

    /**
     * Since "vdpa_sim: get rid of DMA ops" (6c3d329e6486) virtio-vdpa's DMA goes through iommu[0]'s
     * 1:1 table; before it (6.1) vdpasim_dma_ops mapped each buffer into iommu[0] on demand.
     */
    @Override
    public boolean kernelDmaWorks() {
        return !profile().has(KernelChange.VDPA_SIM_IDENTITY_MAP) || iommuPt[groupAsid[0]];
    }
}
