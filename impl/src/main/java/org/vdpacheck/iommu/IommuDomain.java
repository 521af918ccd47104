package org.vdpacheck.iommu;

import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.VhostIotlb;

/**
 * An unmanaged IOMMU domain (iommu_domain_alloc()), the page table vhost-vdpa programs for a
 * platform-IOMMU parent with iommu_map()/iommu_unmap(). Pages are named by the user address they
 * back (see Vma), so the table is kept as an interval map.
 */
public final class IommuDomain {
    private final VhostIotlb table = new VhostIotlb();

    /** iommu_map(): IOMMU_READ/IOMMU_WRITE follow VHOST_ACCESS_RO/WO. */
    public int map(long iova, long pa, long size, int perm) {
        return table.addRange(iova, iova + size - 1, pa, perm);
    }

    /** iommu_unmap() of exactly [iova, iova + size - 1]: vhost-vdpa unmaps whole entries only. */
    public void unmap(long iova, long size) {
        table.delRange(iova, iova + size - 1);
    }

    public DeviceMap contents() {
        return DeviceMap.snapshot(table);
    }
}
