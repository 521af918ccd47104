package org.vdpacheck.parent;

import java.util.EnumSet;

import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iommu.DmaDevice;
import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.uapi.VirtioFeature;
import org.vdpacheck.vdpa.VdpaOp;

import static org.vdpacheck.uapi.Errno.EINVAL;

/**
 * ifcvf (drivers/vdpa/ifcvf/ifcvf_main.c), standing for the platform-IOMMU parents (vp_vdpa, eni,
 * pds, octeon_ep without the set_map stub): "IFCVF currently doesn't have on-chip IOMMU, so not
 * implemented set_map()/dma_map()/dma_unmap()". vhost-vdpa programs an IOMMU domain attached to
 * the PCI function instead, so its DMA goes through whatever domain that function is attached to.
 * One group (get_vq_group returns 0), one address space; no suspend or resume.
 */
public final class Ifcvf extends ParentDevice {
    /** ifcvf_base.h before v6.9. */
    private static final int IFCVF_QUEUE_MAX = 32768;
    private static final int HW_QUEUE_SIZE = 256;

    private final DmaDevice pci;

    public Ifcvf(KernelProfile profile) {
        this(profile, new DmaDevice(true));
    }

    /** A PCI function behind a given IOMMU: a non-coherent one makes vhost-vdpa's open fail. */
    public Ifcvf(KernelProfile profile, DmaDevice pci) {
        super("ifcvf", profile, VirtioNet.NVQS, 1, 1, false, pci, EnumSet.of(VdpaOp.GET_VQ_GROUP),
                VirtioNet.FEATURES);
        this.pci = pci;
    }

    /** ifcvf_vdpa_reset(): a hardware virtio reset; the IOMMU domain is not the device's to touch. */
    @Override
    public int reset() {
        resetVirtio();
        return 0;
    }

    /**
     * ifcvf_vdpa_get_vq_num_max(): IFCVF_QUEUE_MAX until v6.9, then ifcvf_get_max_vq_size(), the
     * smallest non-zero queue_size over the VF's vqs; the VF this stands for reports 256 for each.
     */
    @Override
    public int getVqNumMax() {
        return profile().has(KernelChange.IFCVF_HW_QUEUE_SIZE) ? HW_QUEUE_SIZE : IFCVF_QUEUE_MAX;
    }

    @Override
    public int getVqGroup(int idx) {
        return 0;
    }

    @Override
    public DeviceMap currentMap(int asid) {
        return pci.currentMap();
    }

    /** Whatever domain the PCI function is attached to, and each change of it, moves this on. */
    @Override
    public long mapGeneration(int asid) {
        return pci.generation();
    }

    /**
     * On the default DMA domain, virtio-vdpa's DMA API mappings work; while vhost-vdpa's domain
     * is attached they do not exist there.
     */
    @Override
    public boolean kernelDmaWorks() {
        return pci.onDefaultDomain();
    }

    /** ifcvf_vdpa_set_driver_features() through ifcvf_verify_min_features(): ACCESS_PLATFORM, unless the request is 0. */
    @Override
    public int setDriverFeatures(long features) {
        if (!VirtioFeature.ACCESS_PLATFORM.in(features) && features != 0) {
            return -EINVAL;
        }
        return super.setDriverFeatures(features);
    }
}
