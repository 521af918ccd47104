package org.vdpacheck.iommu;

import org.vdpacheck.dma.DeviceMap;

/**
 * The device that performs a parent's DMA (vdpa_get_dma_dev()), with the IOMMU domain it is
 * attached to: its default DMA domain, or the unmanaged domain vhost-vdpa attached.
 *
 * <p>The default domain translates only what the kernel's DMA API mapped, never a process's
 * pages: to userspace IOVAs it faults (design assumption: translated, not passthrough, mode).
 */
public final class DmaDevice {
    private final boolean cacheCoherent;
    private IommuDomain attached;
    private long generation;

    public DmaDevice(boolean cacheCoherent) {
        this.cacheCoherent = cacheCoherent;
    }

    /** device_iommu_capable(dev, IOMMU_CAP_CACHE_COHERENCY). */
    public boolean cacheCoherent() {
        return cacheCoherent;
    }

    /** iommu_attach_device(). */
    public void attach(IommuDomain domain) {
        attached = domain;
        domain.attachedTo(this);
        generation++;
    }

    /** iommu_detach_device(): back to the default DMA domain. */
    public void detach() {
        attached.attachedTo(null);
        attached = null;
        generation++;
    }

    /**
     * Moves on at every attach and detach and at every change of the attached domain: what the
     * IOMMU driver's IOTLB flush after a change tells the device's own translation cache (the
     * ATS invalidation of iommu_iotlb_sync()). See VdpaDevice.mapGeneration().
     */
    public long generation() {
        return generation;
    }

    /** The attached domain changed. */
    void domainChanged() {
        generation++;
    }

    public boolean onDefaultDomain() {
        return attached == null;
    }

    public DeviceMap currentMap() {
        return attached == null ? DeviceMap.EMPTY : attached.contents();
    }
}
