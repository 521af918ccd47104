package org.vdpacheck.dma;

import java.util.List;

import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.uapi.VhostAccess;

/**
 * What a device's DMA for one address space translates through right now: the parent's 1:1
 * default map, or a table (its own copy of userspace's mappings, or the IOMMU domain vhost-vdpa
 * programs for a platform parent). An empty table faults everything.
 */
public sealed interface DeviceMap {
    DeviceMap IDENTITY = new Identity();
    DeviceMap EMPTY = new Table(List.of());

    Translation translate(long iova, Access access);

    /** The 1:1 map: vdpa_sim's iommu_pt table [0, ULONG_MAX] → 0 RW, mlx5's DMA MR. */
    record Identity() implements DeviceMap {
        @Override
        public Translation translate(long iova, Access access) {
            return new Translation.Identity(iova);
        }

        @Override
        public String toString() {
            return "identity";
        }
    }

    /** A snapshot of a translation table, entries in IOVA order. */
    record Table(List<IotlbMap> entries) implements DeviceMap {
        public Table {
            entries = List.copyOf(entries);
        }

        @Override
        public Translation translate(long iova, Access access) {
            for (IotlbMap m : entries) {
                if (m.overlaps(iova, iova)) {
                    return through(m, iova, access);
                }
            }
            return Translation.NO_MAPPING;
        }

        public boolean isEmpty() {
            return entries.isEmpty();
        }

        /** Same entries with the same translations, whatever object holds them. */
        public boolean sameAs(Table o) {
            if (entries.size() != o.entries.size()) {
                return false;
            }
            for (int i = 0; i < entries.size(); i++) {
                if (!entries.get(i).sameTranslation(o.entries.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return entries.isEmpty() ? "empty" : entries.toString();
        }
    }

    static Table snapshot(VhostIotlb iotlb) {
        return new Table(iotlb.entries());
    }

    /**
     * What a parent's own vhost_iotlb translates as: the 1:1 map when its entries take every IOVA
     * to itself, read and write, as vdpa_sim's iommu_pt table does (vhost_iotlb_add_range_ctx()
     * holds [0, ULONG_MAX] as two entries); else a snapshot of them.
     */
    static DeviceMap of(VhostIotlb iotlb) {
        List<IotlbMap> entries = iotlb.entries();
        long next = 0;
        for (IotlbMap m : entries) {
            if (m.start() != next || m.addr() != next || m.perm() != VhostAccess.RW) {
                return new Table(entries);
            }
            next = m.last() + 1;
        }
        return entries.isEmpty() || next != 0 ? new Table(entries) : IDENTITY;
    }

    /** Translate through a live table without copying it. */
    static Translation translate(VhostIotlb iotlb, long iova, Access access) {
        IotlbMap m = iotlb.itreeFirst(iova, iova);
        return m == null ? Translation.NO_MAPPING : through(m, iova, access);
    }

    private static Translation through(IotlbMap m, long iova, Access access) {
        if (!access.allowedBy(m.perm())) {
            return Translation.PERMISSION;
        }
        return new Translation.Mapped(m.addr() + (iova - m.start()));
    }
}
