package org.vdpacheck.vdpa;

import java.util.Set;

import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.mm.Mm;

/**
 * struct vdpa_config_ops (include/linux/vdpa.h): what a parent driver offers the vdpa bus.
 * Optional ops are called only when {@link #has} says the parent filled them in; a parent that
 * lacks one never sees the call.
 */
public interface VdpaConfigOps {
    /** VDPA_RESET_F_CLEAN_MAP: also put the IOTLB back to its default state (v6.7). */
    int VDPA_RESET_F_CLEAN_MAP = 1;

    Set<VdpaOp> optionalOps();

    default boolean has(VdpaOp op) {
        return optionalOps().contains(op);
    }

    // Virtqueue ops.
    int setVqAddress(int idx, long descArea, long driverArea, long deviceArea);

    void setVqNum(int idx, int num);

    void setVqReady(int idx, boolean ready);

    boolean getVqReady(int idx);

    /** set_vq_state() of a split ring: the next available index. */
    int setVqState(int idx, int availIndex);

    /** get_vq_state(): the next available index (a u16), or -errno, which GET_VRING_BASE returns. */
    int getVqState(int idx);

    int getVqGroup(int idx);

    int getVqDescGroup(int idx);

    // Device ops.
    int getVqNumMax();

    int getDeviceId();

    long getDeviceFeatures();

    int setDriverFeatures(long features);

    long getDriverFeatures();

    int getStatus();

    void setStatus(int status);

    int reset();

    int compatReset(int flags);

    int suspend();

    int resume();

    long getBackendFeatures();

    /** get_iova_range(): {first, last}; only where the parent lists {@link VdpaOp#GET_IOVA_RANGE}. */
    long[] getIovaRange();

    int setGroupAsid(int group, int asid);

    // DMA ops.
    int setMap(int asid, VhostIotlb iotlb);

    int dmaMap(int asid, long iova, long size, long pa, int perm, Object opaque);

    int dmaUnmap(int asid, long iova, long size);

    int resetMap(int asid);

    int bindMm(Mm mm);

    void unbindMm();
}
