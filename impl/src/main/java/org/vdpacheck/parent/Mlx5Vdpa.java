package org.vdpacheck.parent;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.uapi.VirtioFeature;
import org.vdpacheck.vdpa.VdpaOp;

import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.Errno.EOPNOTSUPP;

/**
 * mlx5_vdpa (drivers/vdpa/mlx5/net/mlx5_vnet.c, core/mr.c): one queue pair and a control vq
 * (rx 0, tx 1, cvq 2), use_va = false, two address spaces. The data vqs translate through a
 * memory region (MR) the device builds from the table set_map hands it; the cvq is emulated in
 * software through its own copy of the table (mlx5_vdpa_update_cvq_iotlb()).
 *
 * <p>The device has the umem_uid_0 capability (design.md), so its default map is the 1:1 DMA MR
 * on ASID 0, created at device add. Before v6.7 every .reset destroyed the MRs and recreated the
 * DMA MR; 2eacf4b5e3eb (v6.7) keeps the MRs across .reset, moves the old behaviour to
 * .compat_reset(CLEAN_MAP) and adds .reset_map. RFC 2/4 of Aug 2023
 * ({@code <1692063807-5018-3-git-send-email-si-wei.liu@oracle.com>}) had no compat path: .reset
 * kept the MRs for every userspace, and its .reset_map restored only the data MR of ASID 0.
 *
 * <p>The MR bookkeeping itself differs: v6.6 (core/mr.c) has one data MR, built for whichever
 * ASID the data group is bound to, plus the cvq iotlb for the cvq group's ASID; Dragos Tatulea's
 * "vdpa/mlx5: Introduce mr for vq descriptor" (v6.7) keeps one MR per ASID.
 */
public final class Mlx5Vdpa extends ParentDevice {
    /** MLX5_VDPA_DATAVQ_GROUP, MLX5_VDPA_CVQ_GROUP, MLX5_VDPA_DATAVQ_DESC_GROUP (v6.7). */
    static final int DATAVQ_GROUP = 0;
    static final int CVQ_GROUP = 1;
    static final int DATAVQ_DESC_GROUP = 2;
    /** MLX5_VDPA_NUM_AS. */
    static final int NUM_AS = 2;

    /** v6.7: mvdev->mr[asid], the MR each address space translates through; EMPTY when destroyed. */
    private final DeviceMap[] mr = new DeviceMap[NUM_AS];
    /** v6.6: mvdev->mr, the single data MR. */
    private DeviceMap dataMr;
    /** v6.6: mvdev->cvq.iotlb, the control vq's software copy. */
    private DeviceMap cvqIotlb;

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
        destroyMr();
        createDmaMr();
    }

    private boolean perAsidMr() {
        return profile().has(KernelChange.MLX5_RESET_MAP);
    }

    private static boolean hasResetMap(KernelProfile profile) {
        return profile.has(KernelChange.MLX5_RESET_MAP) || profile.has(KernelChange.MLX5_RFC_RESET_MAP);
    }

    /** mlx5_vdpa_destroy_mr() (v6.6) / mlx5_vdpa_destroy_mr_resources() (v6.7): every MR, cvq pruned. */
    private void destroyMr() {
        Arrays.fill(mr, DeviceMap.EMPTY);
        dataMr = DeviceMap.EMPTY;
        cvqIotlb = DeviceMap.EMPTY;
        mapsChanged();
    }

    /**
     * mlx5_vdpa_create_mr(mvdev, NULL, 0) (v6.6) / mlx5_vdpa_create_dma_mr() (v6.7), with
     * umem_uid_0: the 1:1 DMA MR on ASID 0; dup_iotlb(NULL) makes the cvq iotlb [0, ULLONG_MAX] RW.
     */
    private void createDmaMr() {
        mr[0] = DeviceMap.IDENTITY;
        dataMr = DeviceMap.IDENTITY;
        cvqIotlb = DeviceMap.IDENTITY;
    }

    private static Set<VdpaOp> ops(KernelProfile profile, Caps caps) {
        Set<VdpaOp> ops = EnumSet.of(VdpaOp.SET_MAP, VdpaOp.SUSPEND, VdpaOp.GET_VQ_GROUP, VdpaOp.SET_GROUP_ASID);
        if (hasResetMap(profile)) {
            ops.add(VdpaOp.RESET_MAP);
        }
        if (profile.has(KernelChange.MLX5_RESET_MAP)) {
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

    /**
     * mlx5_vdpa_reset(): v6.6 always cleaned the maps; v6.7 is compat_reset(0); the RFC dropped the
     * cleaning (mlx5_vdpa_destroy_mr() and the DMA MR's re-creation) outright.
     */
    @Override
    public int reset() {
        return compatReset(hasResetMap(profile()) ? 0 : VDPA_RESET_F_CLEAN_MAP);
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
            destroyMr();
            createDmaMr();
        } else if (!perAsidMr()) {
            // Before v6.7 which MR an ASID reaches follows the group bindings just reset.
            mapsChanged();
        }
        return 0;
    }

    /**
     * mlx5_vdpa_set_map() → set_map_data(). From v6.7 the address space's own MR is rebuilt from
     * the table (an empty table leaves it with none, even the DMA MR on ASID 0).
     */
    @Override
    public int setMap(int asid, VhostIotlb iotlb) {
        if (Integer.compareUnsigned(asid, NUM_AS) >= 0) {
            return -EINVAL;
        }
        if (perAsidMr()) {
            mr[asid] = DeviceMap.snapshot(iotlb);
        } else {
            setMapV66(asid, DeviceMap.snapshot(iotlb));
        }
        mapChanged(asid);
        return 0;
    }

    /**
     * v6.6 mlx5_vdpa_handle_set_map(): build the data MR while uninitialized, else
     * mlx5_vdpa_change_map(). Since "vdpa/mlx5: Fix mr->initialized semantics" (2023, before
     * v6.6) change_map destroys and rebuilds only what is bound to this ASID
     * (mlx5_vdpa_destroy_mr_asid()), so either way the data MR follows the data group's ASID
     * and the cvq iotlb the cvq group's.
     */
    private void setMapV66(int asid, DeviceMap.Table table) {
        if (groupAsid[DATAVQ_GROUP] == asid) {
            dataMr = table;
        }
        if (groupAsid[CVQ_GROUP] == asid) {
            cvqIotlb = table;
        }
    }

    /**
     * mlx5_vdpa_reset_map() → mlx5_vdpa_reset_mr(). v6.7: destroy the address space's MR; on
     * ASID 0 recreate the 1:1 DMA MR, elsewhere the address space is left without one.
     */
    @Override
    public int resetMap(int asid) {
        if (!perAsidMr()) {
            return resetDataMr(asid);
        }
        if (Integer.compareUnsigned(asid, NUM_AS) >= 0) {
            return -EINVAL;
        }
        mr[asid] = asid == 0 ? DeviceMap.IDENTITY : DeviceMap.EMPTY;
        mapChanged(asid);
        return 0;
    }

    /**
     * RFC 2/4 mlx5_vdpa_reset_mr(): any ASID but 0 returns 0 untouched, with no range check; on
     * ASID 0 a user data MR is destroyed and the DMA MR created in its place, wherever the data
     * group is bound. The cvq iotlb is not pruned nor made 1:1 again.
     */
    private int resetDataMr(int asid) {
        if (asid == 0 && !(dataMr instanceof DeviceMap.Identity)) {
            dataMr = DeviceMap.IDENTITY;
            mapChanged(groupAsid[DATAVQ_GROUP]);
        }
        return 0;
    }

    /** mlx5_vdpa_set_group_asid(). */
    @Override
    public int setGroupAsid(int group, int asid) {
        if (Integer.compareUnsigned(group, ngroups()) >= 0 || Integer.compareUnsigned(asid, NUM_AS) >= 0) {
            return -EINVAL;
        }
        groupAsid[group] = asid;
        if (!perAsidMr()) {
            // Before v6.7 the data MR and the cvq iotlb move with their groups' ASIDs.
            mapsChanged();
        }
        return 0;
    }

    /**
     * mlx5_vdpa_set_driver_features() through verify_driver_features(): ACCESS_PLATFORM is the
     * minimum (-EOPNOTSUPP), and MQ without CTRL_VQ is refused (-EINVAL).
     */
    @Override
    public int setDriverFeatures(long features) {
        if (!VirtioFeature.ACCESS_PLATFORM.in(features)) {
            return -EOPNOTSUPP;
        }
        if (VirtioFeature.MQ.in(features) && !VirtioFeature.CTRL_VQ.in(features)) {
            return -EINVAL;
        }
        return super.setDriverFeatures(features);
    }

    /**
     * is_index_valid() (mlx5_vnet.c, v6.6 to v6.12): without VIRTIO_NET_F_MQ only rx and tx
     * exist, and the cvq only once VIRTIO_NET_F_CTRL_VQ was negotiated. The vq ops refuse the
     * rest, so before SET_FEATURES vq 2 is no vq at all.
     */
    private boolean isIndexValid(int idx) {
        long features = getDriverFeatures();
        if ((features & VirtioNet.VIRTIO_NET_F_MQ) == 0) {
            return idx < ((features & VirtioNet.VIRTIO_NET_F_CTRL_VQ) == 0 ? 2 : 3);
        }
        return idx < nvqs();
    }

    /** mlx5_vdpa_set_vq_address(): -EINVAL for an index is_index_valid() refuses. */
    @Override
    public int setVqAddress(int idx, long descArea, long driverArea, long deviceArea) {
        return isIndexValid(idx) ? super.setVqAddress(idx, descArea, driverArea, deviceArea) : -EINVAL;
    }

    /** mlx5_vdpa_set_vq_state(): -EINVAL for an index is_index_valid() refuses. */
    @Override
    public int setVqState(int idx, int availIndex) {
        return isIndexValid(idx) ? super.setVqState(idx, availIndex) : -EINVAL;
    }

    /** mlx5_vdpa_get_vq_state(): -EINVAL for an index is_index_valid() refuses. */
    @Override
    public int getVqState(int idx) {
        return isIndexValid(idx) ? super.getVqState(idx) : -EINVAL;
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

    /**
     * v6.7: the address space's MR. v6.6: the data MR for the data group's ASID, the cvq iotlb for
     * the cvq group's, nothing for an ASID no group is bound to.
     */
    @Override
    public DeviceMap currentMap(int asid) {
        if (perAsidMr()) {
            return mr[asid];
        }
        if (groupAsid[DATAVQ_GROUP] == asid) {
            return dataMr;
        }
        return groupAsid[CVQ_GROUP] == asid ? cvqIotlb : DeviceMap.EMPTY;
    }

    /**
     * virtio-vdpa's DMA API addresses go through the data group's MR, and its control commands
     * through the cvq's software iotlb (vringh): both need the 1:1 map. Before v6.7 the cvq iotlb
     * is its own copy, which a reset that keeps the MRs leaves as set_map last made it.
     */
    @Override
    public boolean kernelDmaWorks() {
        boolean cvq = perAsidMr() ? currentMap(groupAsid[CVQ_GROUP]) instanceof DeviceMap.Identity
                : cvqIotlb instanceof DeviceMap.Identity;
        return cvq && currentMap(groupAsid[DATAVQ_GROUP]) instanceof DeviceMap.Identity;
    }
}
