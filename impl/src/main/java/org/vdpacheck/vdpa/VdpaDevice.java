package org.vdpacheck.vdpa;

import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.iommu.DmaDevice;
import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.kernel.KernelProfile;

/**
 * struct vdpa_device: what the vdpa bus knows of a device, and the helpers include/linux/vdpa.h
 * wraps around its ops. A parent driver extends it, as the kernel's parents embed it in their own
 * structure, and implements {@link VdpaConfigOps} for it ({@code vdev->config}).
 */
public abstract class VdpaDevice implements VdpaConfigOps {
    private final String name;
    private final KernelProfile profile;
    private final int nvqs;
    private final int ngroups;
    private final int nas;
    private final boolean useVa;
    private final DmaDevice dmaDev;
    /** Per address space: moved on by the parent whenever {@link #currentMap} may answer differently. */
    private final long[] mapGeneration;

    protected VdpaDevice(String name, KernelProfile profile, int nvqs, int ngroups, int nas, boolean useVa,
            DmaDevice dmaDev) {
        this.name = name;
        this.profile = profile;
        this.nvqs = nvqs;
        this.ngroups = ngroups;
        this.nas = nas;
        this.useVa = useVa;
        this.dmaDev = dmaDev;
        this.mapGeneration = new long[nas];
    }

    /**
     * The translation this device's DMA for an address space goes through now. Not a kernel op:
     * it is what the hardware (or the simulator's vringh) would do, and what tests observe.
     */
    public abstract DeviceMap currentMap(int asid);

    /**
     * A number that changes whenever what {@link #currentMap} answers for the address space may
     * have changed, so a datapath that caches translations knows when to drop them. Not a kernel
     * field: it stands for what tells a device's own translation caches that a mapping went away
     * (mlx5 destroying the MR's mkey, vdpa_sim's vringh reading iommu[asid] under iommu_lock, the
     * ATS invalidation iommu_unmap() sends a platform device). A change of group → ASID binding
     * moves it only where the parent's maps depend on the binding (mlx5 before v6.7): a datapath
     * follows {@link #groupAsid} itself.
     */
    public long mapGeneration(int asid) {
        return mapGeneration[asid];
    }

    /** Called by the parent on every change of what one address space translates through. */
    protected final void mapChanged(int asid) {
        mapGeneration[asid]++;
    }

    /** Called by the parent on a change that may touch every address space. */
    protected final void mapsChanged() {
        for (int asid = 0; asid < nas; asid++) {
            mapChanged(asid);
        }
    }

    /**
     * Whether the DMA of the in-kernel virtio-vdpa driver works now. virtio_vdpa
     * (drivers/virtio/virtio_vdpa.c) maps its buffers with the DMA API on vdpa_get_dma_dev(): an
     * on-chip parent without DMA ops of its own translates those addresses through its default
     * map, so it needs its 1:1 map back; others serve the DMA API their own way.
     */
    public abstract boolean kernelDmaWorks();

    /** The address space a virtqueue group is bound to now (0 after every reset). */
    public abstract int groupAsid(int group);

    /** The device's own DMA to one IOVA of an address space. */
    public final Translation dma(int asid, long iova, Access access) {
        if (asid < 0 || asid >= nas) {
            return Translation.NO_MAPPING;
        }
        return currentMap(asid).translate(iova, access);
    }

    /**
     * vdpa_reset(): cf_lock held, then the parent's reset. From v6.7 it
     * takes flags and calls .compat_reset instead when the parent has it and flags are set
     * (a26f2e4e68ee).
     */
    public final int vdpaReset(int flags) {
        if (profile.has(KernelChange.COMPAT_RESET) && has(VdpaOp.COMPAT_RESET) && flags != 0) {
            return compatReset(flags);
        }
        return reset();
    }

    /** vdpa_set_status(): ops->set_status under cf_lock. */
    public final void vdpaSetStatus(int status) {
        setStatus(status);
    }

    /**
     * vdpa_set_features(): ops->set_driver_features. (Its features_valid flag, cleared by
     * vdpa_reset(), only gates config-space reads, which are not modelled.)
     */
    public final int vdpaSetFeatures(long features) {
        return setDriverFeatures(features);
    }

    public final String name() {
        return name;
    }

    public final KernelProfile profile() {
        return profile;
    }

    public final int nvqs() {
        return nvqs;
    }

    public final int ngroups() {
        return ngroups;
    }

    public final int nas() {
        return nas;
    }

    /** vdpa->use_va: vhost-vdpa maps user VAs (file-backed) rather than pinned pages. */
    public final boolean useVa() {
        return useVa;
    }

    /** vdpa_get_dma_dev(). */
    public final DmaDevice dmaDev() {
        return dmaDev;
    }
}
