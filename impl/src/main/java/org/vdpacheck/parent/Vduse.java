package org.vdpacheck.parent;

import java.util.EnumSet;

import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.vdpa.VdpaOp;

/**
 * VDUSE (drivers/vdpa/vdpa_user/vduse_dev.c): a device served by a userspace daemon. One group,
 * one address space, use_va = true (vduse_dev_init_vdpa()). Its ops table has .reset and .set_map
 * and no other mapping op in v6.6, v6.7 and late 2025 alike: no reset_map, no compat_reset, no
 * suspend, and get_vq_group/set_group_asid only with the 2025+ multi-ASID series, not modelled.
 *
 * <p>The daemon is assumed to answer every request with success (design.md).
 */
public final class Vduse extends ParentDevice {
    /**
     * The domain's IOTLB, vduse_iova_domain->iotlb: what the daemon is told it may reach
     * (VDUSE_IOTLB_GET_FD hands it the files behind these entries).
     */
    private final VhostIotlb domain = new VhostIotlb();

    public Vduse(KernelProfile profile) {
        super("vduse", profile, VirtioNet.NVQS, 1, 1, true, null, EnumSet.of(VdpaOp.SET_MAP), VirtioNet.FEATURES);
    }

    /**
     * vduse_vdpa_reset(): the daemon gets SET_STATUS 0, the vqs and the bounce map (the
     * virtio-vdpa path) are reset. The set_map IOTLB is not touched, in any version.
     */
    @Override
    public int reset() {
        resetVirtio();
        return 0;
    }

    /**
     * vduse_vdpa_set_map() → vduse_domain_set_map(): the domain IOTLB is replaced by a copy of the
     * table, each entry holding its own file reference; then VDUSE_UPDATE_IOTLB [0, ULLONG_MAX]
     * goes to the daemon, which answers success.
     */
    @Override
    public int setMap(int asid, VhostIotlb iotlb) {
        domain.reset();
        for (IotlbMap m : iotlb.entries()) {
            domain.addRangeCtx(m.start(), m.last(), m.addr(), m.perm(), m.opaque());
        }
        mapChanged(asid);
        return 0;
    }

    /** The daemon's DMA for the device goes through the domain IOTLB. */
    @Override
    public DeviceMap currentMap(int asid) {
        return DeviceMap.snapshot(domain);
    }

    /**
     * The bounce domain serves virtio-vdpa's DMA API mappings, independent of the set_map IOTLB
     * userspace left behind.
     */
    @Override
    public boolean kernelDmaWorks() {
        return true;
    }
}
