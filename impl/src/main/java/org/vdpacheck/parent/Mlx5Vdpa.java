package org.vdpacheck.parent;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vdpa.VdpaOp;

import static org.vdpacheck.uapi.Errno.EINVAL;

/**
 * mlx5_vdpa (drivers/vdpa/mlx5/net/mlx5_vnet.c, core/mr.c): one queue pair and a control vq
 * (rx 0, tx 1, cvq 2), use_va = false, two address spaces. The data vqs translate through a
 * memory region (MR) the device builds from the table set_map hands it; the cvq is emulated in
 * software through its own copy of the table (mlx5_vdpa_update_cvq_iotlb()).
 *
 * <p>The device has the umem_uid_0 capability (design.md), so its default map is the 1:1 DMA MR
 * on ASID 0, created at device add. Before v6.7 every .reset destroyed the MRs and recreated the
 * DMA MR; 2eacf4b5e3eb (v6.7) keeps the MRs across .reset, moves the old behaviour to
 * .compat_reset(CLEAN_MAP) and adds .reset_map.
 */
public final class Mlx5Vdpa extends ParentDevice {
    /** MLX5_VDPA_DATAVQ_GROUP, MLX5_VDPA_CVQ_GROUP, MLX5_VDPA_DATAVQ_DESC_GROUP (v6.7). */
    static final int DATAVQ_GROUP = 0;
    static final int CVQ_GROUP = 1;
    static final int DATAVQ_DESC_GROUP = 2;
    /** MLX5_VDPA_NUM_AS. */
    static final int NUM_AS = 2;

    /** mvdev->mr[asid]: the MR each address space translates through; EMPTY when destroyed. */
    private final DeviceMap[] mr = new DeviceMap[NUM_AS];

    /** The hardware capabilities the driver's ops depend on. */
    public record Caps(boolean descGroupMkeySupported, boolean freezeToRdySupported) {
        public static final Caps ALL = new Caps(true, true);
    }

    public Mlx5Vdpa(KernelProfile profile) {
        this(profile, Caps.ALL);
    }

    /**
     * mlx5_vdpa_dev_add(): "preallocate 1:1 DMA MR at device creation time" (6f5312f80183). The
     * descriptor group (v6.7) makes three groups; NUM_AS stays 2.
     */
    public Mlx5Vdpa(KernelProfile profile, Caps caps) {
        super("mlx5_vdpa", profile, VirtioNet.NVQS, profile.has(KernelChange.MLX5_DESC_GROUP) ? 3 : 2, NUM_AS,
                false, null, ops(profile, caps), VirtioNet.FEATURES);
        Arrays.fill(mr, DeviceMap.EMPTY);
        mr[0] = DeviceMap.IDENTITY;
    }

    private static Set<VdpaOp> ops(KernelProfile profile, Caps caps) {
        Set<VdpaOp> ops = EnumSet.of(VdpaOp.SET_MAP, VdpaOp.SUSPEND, VdpaOp.GET_VQ_GROUP, VdpaOp.SET_GROUP_ASID);
        if (profile.has(KernelChange.MLX5_RESET_MAP)) {
            ops.add(VdpaOp.RESET_MAP);
            ops.add(VdpaOp.COMPAT_RESET);
            ops.add(VdpaOp.GET_BACKEND_FEATURES);
        }
        // "vdpa/mlx5: Enable hw support for vq descriptor mapping": only with the hw capability.
        if (profile.has(KernelChange.MLX5_DESC_GROUP) && caps.descGroupMkeySupported()) {
            ops.add(VdpaOp.GET_VQ_DESC_GROUP);
        }
        // C-6: .resume is removed at probe when the hw lacks freeze_to_rdy_supported.
        if (profile.has(KernelChange.MLX5_RESUME) && caps.freezeToRdySupported()) {
            ops.add(VdpaOp.RESUME);
        }
        return ops;
    }

    /** mlx5_vdpa_reset(): before v6.7 it always cleaned the maps; from v6.7 it is compat_reset(0). */
    @Override
    public int reset() {
        return compatReset(profile().has(KernelChange.MLX5_RESET_MAP) ? 0 : VDPA_RESET_F_CLEAN_MAP);
    }

    /**
     * mlx5_vdpa_compat_reset() (v6.7): tear the vqs down, every group back to ASID 0; with
     * CLEAN_MAP also destroy every MR and prune the cvq iotlb, then (umem_uid_0) recreate the
     * 1:1 DMA MR on ASID 0, as every reset did before v6.7.
     */
    @Override
    public int compatReset(int flags) {
        resetVirtio();
        if ((flags & VDPA_RESET_F_CLEAN_MAP) != 0) {
            Arrays.fill(mr, DeviceMap.EMPTY);
            mr[0] = DeviceMap.IDENTITY;
        }
        return 0;
    }

    /**
     * mlx5_vdpa_set_map() → mlx5_vdpa_update_map(): the address space's MR is rebuilt from the
     * table (the first one implicitly destroys the 1:1 DMA MR), and the cvq's software iotlb is
     * updated when the cvq group is on that address space.
     */
    @Override
    public int setMap(int asid, VhostIotlb iotlb) {
        if (Integer.compareUnsigned(asid, NUM_AS) >= 0) {
            return -EINVAL;
        }
        mr[asid] = DeviceMap.snapshot(iotlb);
        return 0;
    }

    /**
     * mlx5_vdpa_reset_map() (v6.7): destroy the address space's MR; on ASID 0 recreate the 1:1
     * DMA MR, elsewhere the address space is left without one.
     */
    @Override
    public int resetMap(int asid) {
        if (Integer.compareUnsigned(asid, NUM_AS) >= 0) {
            return -EINVAL;
        }
        mr[asid] = asid == 0 ? DeviceMap.IDENTITY : DeviceMap.EMPTY;
        return 0;
    }

    /** mlx5_vdpa_set_group_asid(). */
    @Override
    public int setGroupAsid(int group, int asid) {
        if (Integer.compareUnsigned(group, ngroups()) >= 0 || Integer.compareUnsigned(asid, NUM_AS) >= 0) {
            return -EINVAL;
        }
        groupAsid[group] = asid;
        return 0;
    }

    /** mlx5_vdpa_get_vq_group(): the cvq is the last vq. */
    @Override
    public int getVqGroup(int idx) {
        return idx == VirtioNet.CVQ_INDEX ? CVQ_GROUP : DATAVQ_GROUP;
    }

    /** mlx5_vdpa_get_vq_desc_group() (v6.7): data vqs' descriptors have their own group. */
    @Override
    public int getVqDescGroup(int idx) {
        return idx == VirtioNet.CVQ_INDEX ? CVQ_GROUP : DATAVQ_DESC_GROUP;
    }

    /** mlx5_vdpa_suspend()/resume(): the vqs stop and restart; the MRs are untouched. */
    @Override
    public int suspend() {
        return 0;
    }

    @Override
    public int resume() {
        return 0;
    }

    /** mlx5_vdpa_get_backend_features() (v6.7). */
    @Override
    public long getBackendFeatures() {
        return VhostBackendFeature.ENABLE_AFTER_DRIVER_OK.mask();
    }

    @Override
    public DeviceMap currentMap(int asid) {
        return mr[asid];
    }

    /** virtio-vdpa's DMA API addresses go through the data group's MR: they need the DMA MR. */
    @Override
    public boolean kernelDmaWorks() {
        return mr[groupAsid[DATAVQ_GROUP]] instanceof DeviceMap.Identity;
    }
}
