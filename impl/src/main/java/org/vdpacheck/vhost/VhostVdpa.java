package org.vdpacheck.vhost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iommu.IommuDomain;
import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.uapi.UserPtr;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vdpa.VdpaConfigOps;
import org.vdpacheck.vdpa.VdpaDevice;
import org.vdpacheck.vdpa.VdpaOp;

import static org.vdpacheck.uapi.Errno.EBADF;
import static org.vdpacheck.uapi.Errno.EBUSY;
import static org.vdpacheck.uapi.Errno.EFAULT;
import static org.vdpacheck.uapi.Errno.ENOTSUPP;
import static org.vdpacheck.uapi.Errno.EOPNOTSUPP;

/**
 * /dev/vhost-vdpa-N, struct vhost_vdpa (drivers/vhost/vdpa.c): open and release, the device
 * reset, and the per-ASID vhost-side IOTLBs. The ioctls are in {@link VhostVdpaIoctl}, the IOTLB
 * messages of write(2) in {@link VhostVdpaIotlb}.
 *
 * <p>The kernel serialises everything on the device mutex; callers here are single-threaded.
 * Calls on a closed device return -EBADF, as they would on a closed fd.
 */
public final class VhostVdpa {
    final VdpaDevice vdpa;
    final KernelProfile profile;
    /** v->as: asid → the vhost-side IOTLB, allocated lazily by UPDATE and BATCH_BEGIN. */
    final Map<Integer, VhostIotlb> as = new TreeMap<>();
    /** v->vdev.vqs: NULL until open and again after release (v6.7's fix-up in cleanup). */
    VhostVirtqueue[] vqs;
    /** v->vdev.mm: the owner, set by VHOST_SET_OWNER. */
    Mm owner;
    IommuDomain domain;
    boolean inBatch;
    int batchAsid;
    /** v->suspended (v6.8, "vdpa: Track device suspended state"). */
    boolean suspended;
    /** v->range. */
    long rangeFirst;
    long rangeLast;
    private boolean opened;

    private final VhostVdpaIoctl ioctl;
    private final VhostVdpaIotlb iotlb;

    private VhostVdpa(VdpaDevice vdpa) {
        this.vdpa = vdpa;
        this.profile = vdpa.profile();
        this.ioctl = new VhostVdpaIoctl(this);
        this.iotlb = new VhostVdpaIotlb(this);
    }

    /**
     * vhost_vdpa_probe(): a parent that does its DMA through the platform IOMMU can have only one
     * group and one address space, since vhost-vdpa programs a single domain for it.
     */
    public static int probe(VdpaDevice vdpa) {
        if (!vdpa.has(VdpaOp.SET_MAP) && !vdpa.has(VdpaOp.DMA_MAP) && (vdpa.ngroups() > 1 || vdpa.nas() > 1)) {
            return -EOPNOTSUPP;
        }
        return 0;
    }

    /** Binds vhost-vdpa to a device that {@link #probe} accepted. */
    public static VhostVdpa bind(VdpaDevice vdpa) {
        if (probe(vdpa) != 0) {
            throw new IllegalArgumentException(vdpa.name() + " cannot be bound to vhost-vdpa");
        }
        return new VhostVdpa(vdpa);
    }

    /** vhost_vdpa_open(). */
    public int open() {
        if (opened) {
            return -EBUSY;
        }
        opened = true;
        int r = reset();
        if (r != 0) {
            opened = false;
            return r;
        }
        // vhost_dev_init(): acked features and acked backend features of every vq are zero.
        vqs = new VhostVirtqueue[vdpa.nvqs()];
        for (int i = 0; i < vqs.length; i++) {
            vqs[i] = new VhostVirtqueue();
        }
        owner = null;
        r = allocDomain();
        if (r != 0) {
            cleanup();
            opened = false;
            return r;
        }
        setIovaRange();
        return 0;
    }

    /** vhost_vdpa_release(): reset (CLEAN_MAP computed while the vqs still exist), then cleanup. */
    public int release() {
        if (!opened) {
            return -EBADF;
        }
        reset();
        unbindMm();
        cleanup();
        opened = false;
        return 0;
    }

    /** unlocked_ioctl. */
    public long ioctl(Mm current, int cmd, UserPtr arg) {
        if (!opened) {
            return -EBADF;
        }
        return ioctl.unlockedIoctl(current, cmd, arg);
    }

    /** write_iter: one IOTLB message. */
    public long write(Mm current, byte[] buf) {
        if (!opened) {
            return -EBADF;
        }
        return iotlb.chrWriteIter(current, buf);
    }

    /** vhost_vdpa_bind_mm(): only use_va parents with the op, and only on kernels that have it. */
    int bindMm() {
        if (!profile.has(KernelChange.BIND_MM) || !vdpa.useVa() || !vdpa.has(VdpaOp.BIND_MM)) {
            return 0;
        }
        return vdpa.bindMm(owner);
    }

    /** vhost_vdpa_unbind_mm(), at release after the reset. */
    private void unbindMm() {
        if (profile.has(KernelChange.BIND_MM) && vdpa.useVa() && vdpa.has(VdpaOp.BIND_MM)) {
            vdpa.unbindMm();
        }
    }

    /** vhost_vdpa_reset(): in_batch cleared, then the device reset. Used at open and release. */
    private int reset() {
        inBatch = false;
        return compatVdpaReset();
    }

    /**
     * _compat_vdpa_reset() (bc91df5c70ac, v6.7): ask the parent to clean its maps as it did before
     * the series unless userspace acked IOTLB_PERSIST. At open the vqs do not exist yet, so the
     * parent gets a plain reset. v6.6 calls vdpa_reset() directly, with no flags.
     */
    int compatVdpaReset() {
        if (profile.has(KernelChange.TRACK_SUSPENDED)) {
            suspended = false;
        }
        int flags = 0;
        if (profile.has(KernelChange.COMPAT_RESET) && vqs != null
                && !vqs[0].backendHas(VhostBackendFeature.IOTLB_PERSIST)) {
            flags = VdpaConfigOps.VDPA_RESET_F_CLEAN_MAP;
        }
        return vdpa.vdpaReset(flags);
    }

    /**
     * vhost_vdpa_alloc_domain(): only a parent with neither set_map nor dma_map gets an unmanaged
     * IOMMU domain, attached to its DMA device for as long as the fd is open.
     */
    private int allocDomain() {
        if (vdpa.has(VdpaOp.SET_MAP) || vdpa.has(VdpaOp.DMA_MAP)) {
            return 0;
        }
        if (vdpa.dmaDev() == null) {
            return -EFAULT;
        }
        if (!vdpa.dmaDev().cacheCoherent()) {
            return -ENOTSUPP;
        }
        domain = new IommuDomain();
        vdpa.dmaDev().attach(domain);
        return 0;
    }

    private void freeDomain() {
        if (domain != null) {
            vdpa.dmaDev().detach();
            domain = null;
        }
    }

    /**
     * vhost_vdpa_set_iova_range() (v5.10+): the parent's get_iova_range(), else the aperture of
     * the IOMMU domain allocDomain() attached if it forces one (a platform parent), else all of
     * the 64-bit space.
     */
    private void setIovaRange() {
        if (vdpa.has(VdpaOp.GET_IOVA_RANGE)) {
            long[] range = vdpa.getIovaRange();
            rangeFirst = range[0];
            rangeLast = range[1];
        } else if (domain != null && domain.forceAperture()) {
            rangeFirst = domain.apertureStart();
            rangeLast = domain.apertureEnd();
        } else {
            rangeFirst = 0;
            rangeLast = -1L;
        }
    }

    /** vhost_vdpa_cleanup(): every address space removed, the domain freed, the vqs dropped. */
    private void cleanup() {
        for (int asid : new ArrayList<>(as.keySet())) {
            removeAs(asid);
        }
        freeDomain();
        // vhost_dev_cleanup(): the owner's mm is detached with the vqs.
        owner = null;
        vqs = null;
    }

    /**
     * vhost_vdpa_remove_as(): unmap every entry (the parent sees dma_unmap or iommu_unmap; a
     * set_map parent sees nothing), then, from v6.7 (1d0f874bfe78; RFC 3/4 the same), reset_map
     * unconditionally so the parent is back at its default map whatever userspace negotiated.
     */
    private void removeAs(int asid) {
        VhostIotlb t = as.remove(asid);
        iotlb.iotlbUnmap(t, 0, -1L, asid);
        if (profile.has(KernelChange.RESET_MAP) && vdpa.has(VdpaOp.RESET_MAP)) {
            vdpa.resetMap(asid);
        }
    }

    // Observations for tests and traces; none of them changes state.

    public VhostVdpaState state() {
        Map<Integer, DeviceMap.Table> vhost = new TreeMap<>();
        as.forEach((asid, t) -> vhost.put(asid, DeviceMap.snapshot(t)));
        List<DeviceMap> device = new ArrayList<>();
        for (int asid = 0; asid < vdpa.nas(); asid++) {
            device.add(vdpa.currentMap(asid));
        }
        List<Integer> groups = new ArrayList<>();
        for (int g = 0; g < vdpa.ngroups(); g++) {
            groups.add(vdpa.groupAsid(g));
        }
        return new VhostVdpaState(opened, vdpa.getStatus(), ackedBackendFeatures(), vhost, device, groups, inBatch,
                suspended);
    }

    public boolean isOpen() {
        return opened;
    }

    public VdpaDevice vdpa() {
        return vdpa;
    }

    /** The acked backend features as vqs[0] holds them; 0 while closed. */
    public long ackedBackendFeatures() {
        return vqs == null ? 0 : vqs[0].ackedBackendFeatures;
    }

    /** The vhost-side IOTLB of an address space, or null if it was never allocated. */
    public List<IotlbMap> iotlb(int asid) {
        VhostIotlb t = as.get(asid);
        return t == null ? null : t.entries();
    }

    public boolean inBatch() {
        return inBatch;
    }

    /** v->batch_asid: the address space of the batch, while {@link #inBatch()}. */
    public int batchAsid() {
        return batchAsid;
    }

    public boolean suspended() {
        return suspended;
    }

    /** vhost_dev_has_owner(). */
    public boolean hasOwner() {
        return owner != null;
    }
}
