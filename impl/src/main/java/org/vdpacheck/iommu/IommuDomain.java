package org.vdpacheck.iommu;

import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.VhostIotlb;

/**
 * An unmanaged IOMMU domain (iommu_domain_alloc()), the page table vhost-vdpa programs for a
 * platform-IOMMU parent with iommu_map()/iommu_unmap(). Pages are named by the user address they
 * back (see Vma), so the table is kept as an interval map.
 */
public final class IommuDomain {
    private static final long APERTURE_END = (1L << 48) - 1;
    private final VhostIotlb table = new VhostIotlb();
    /** The device attached to this domain, which its IOTLB flushes reach; null while detached. */
    private DmaDevice device;

    /**
     * iommu_map(): IOMMU_READ/IOMMU_WRITE follow VHOST_ACCESS_RO/WO. The kernel flushes nothing
     * on a map (no IOMMU caches a non-present entry, caching mode aside), but a datapath holding a
     * snapshot of the whole table must see the new entry, so the device is told as on an unmap.
     */
    public int map(long iova, long pa, long size, int perm) {
        int r = table.addRange(iova, iova + size - 1, pa, perm);
        changed();
        return r;
    }

    /**
     * iommu_unmap() of exactly [iova, iova + size - 1]: vhost-vdpa unmaps whole entries only.
     * The IOTLB flush that ends it (iommu_iotlb_sync()) reaches the attached device.
     */
    public void unmap(long iova, long size) {
        table.delRange(iova, iova + size - 1);
        changed();
    }

    void attachedTo(DmaDevice dev) {
        device = dev;
    }

    private void changed() {
        if (device != null) {
            device.domainChanged();
        }
    }

    /**
     * iommu_domain.geometry as intel-iommu leaves it once the domain is attached to a unit with
     * second-stage tables and a 48-bit address width (domain_update_iommu_cap(): aperture_end =
     * __DOMAIN_MAX_ADDR(gaw)): an IOVA past it cannot be mapped.
     */
    public boolean forceAperture() {
        return true;
    }

    public long apertureStart() {
        return 0;
    }

    public long apertureEnd() {
        return APERTURE_END;
    }

    public DeviceMap contents() {
        return DeviceMap.snapshot(table);
    }
}
