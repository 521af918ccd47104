package org.vdpacheck.vhost;

import java.util.Optional;

import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.uapi.UserPtr;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.uapi.VhostIoctl;
import org.vdpacheck.uapi.VirtioStatus;
import org.vdpacheck.vdpa.VdpaDevice;
import org.vdpacheck.vdpa.VdpaOp;

import static org.vdpacheck.uapi.Errno.EBUSY;
import static org.vdpacheck.uapi.Errno.EFAULT;
import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.Errno.ENOIOCTLCMD;
import static org.vdpacheck.uapi.Errno.ENOTTY;
import static org.vdpacheck.uapi.Errno.EOPNOTSUPP;
import static org.vdpacheck.uapi.Errno.EPERM;
import static org.vdpacheck.uapi.VhostBackendFeature.DESC_ASID;
import static org.vdpacheck.uapi.VhostBackendFeature.ENABLE_AFTER_DRIVER_OK;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_ASID;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_BATCH;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_MSG_V2;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_PERSIST;
import static org.vdpacheck.uapi.VhostBackendFeature.RESUME;
import static org.vdpacheck.uapi.VhostBackendFeature.SUSPEND;

/**
 * vhost_vdpa_unlocked_ioctl() and the device-level ioctls it handles itself. Ring ioctls and
 * anything it does not know go on to {@link VhostVdpaVringIoctl}, through vhost_dev_ioctl()'s
 * owner check, as in the kernel.
 */
final class VhostVdpaIoctl {
    private final VhostVdpa v;
    private final VdpaDevice vdpa;
    private final VhostVdpaVringIoctl vring;

    VhostVdpaIoctl(VhostVdpa v) {
        this.v = v;
        this.vdpa = v.vdpa;
        this.vring = new VhostVdpaVringIoctl(v);
    }

    long unlockedIoctl(Mm current, int cmd, UserPtr argp) {
        long r = dispatch(current, cmd, argp);
        // vfs_ioctl(): "not handled by anybody" reaches userspace as ENOTTY.
        return r == -ENOIOCTLCMD ? -ENOTTY : r;
    }

    private long dispatch(Mm current, int cmd, UserPtr argp) {
        Optional<VhostIoctl> known = VhostIoctl.of(cmd);
        if (known.isEmpty()) {
            return devIoctlThenVring(current, cmd, argp);
        }
        return switch (known.get()) {
            // Handled before d->mutex is taken; no owner check, no status check (b1).
            case VHOST_SET_BACKEND_FEATURES -> setBackendFeatures(argp);
            case VHOST_VDPA_GET_DEVICE_ID -> putU32(argp, vdpa.getDeviceId());
            case VHOST_VDPA_GET_STATUS -> putU8(argp, vdpa.getStatus());
            case VHOST_VDPA_SET_STATUS -> setStatus(argp);
            case VHOST_GET_FEATURES -> putU64(argp, vdpa.getDeviceFeatures());
            case VHOST_SET_FEATURES -> setFeatures(argp);
            case VHOST_VDPA_GET_VRING_NUM -> putU16(argp, vdpa.getVqNumMax());
            case VHOST_VDPA_GET_GROUP_NUM -> putU32(argp, vdpa.ngroups());
            case VHOST_VDPA_GET_AS_NUM -> putU32(argp, vdpa.nas());
            case VHOST_GET_BACKEND_FEATURES -> putU64(argp, getBackendFeatures());
            case VHOST_VDPA_GET_IOVA_RANGE -> getIovaRange(argp);
            case VHOST_VDPA_GET_VQS_COUNT -> putU32(argp, vdpa.nvqs());
            case VHOST_VDPA_SUSPEND -> suspend();
            case VHOST_VDPA_RESUME -> v.profile.has(KernelChange.RESUME)
                    ? resume() : devIoctlThenVring(current, cmd, argp);
            default -> devIoctlThenVring(current, cmd, argp);
        };
    }

    /**
     * The default: branch: vhost_dev_ioctl(), then vhost_vdpa_vring_ioctl() if it declined. A
     * successful SET_OWNER then binds the mm (vhost_vdpa_bind_mm()); if the parent refuses, the
     * owner is reset again.
     */
    private long devIoctlThenVring(Mm current, int cmd, UserPtr argp) {
        long r = vhostDevIoctl(current, cmd);
        if (r == -ENOIOCTLCMD) {
            return vring.vringIoctl(cmd, argp);
        }
        if (r == 0 && cmd == VhostIoctl.VHOST_SET_OWNER.cmd()) {
            r = v.bindMm();
            if (r != 0) {
                v.owner = null;
            }
        }
        return r;
    }

    /**
     * vhost_dev_ioctl() (drivers/vhost/vhost.c): SET_OWNER, then the owner check every other
     * request through here needs. VHOST_RESET_OWNER is not among them: vhost-vdpa has none, so
     * it goes on to the ring path like any unknown request.
     */
    private long vhostDevIoctl(Mm current, int cmd) {
        if (cmd == VhostIoctl.VHOST_SET_OWNER.cmd()) {
            // vhost_dev_set_owner(): -EBUSY whenever an owner exists, even the caller itself.
            if (v.owner != null) {
                return -EBUSY;
            }
            v.owner = current;
            return 0;
        }
        if (v.owner != current) {
            return -EPERM;
        }
        return -ENOIOCTLCMD;
    }

    /**
     * VHOST_GET_BACKEND_FEATURES: MSG_V2, BATCH and ASID always (ASID even on one-AS parents),
     * SUSPEND/RESUME with the op, DESC_ASID with get_vq_desc_group (v6.7), IOTLB_PERSIST with a
     * persistent map (v6.7), and whatever the parent itself offers (v6.6), ORed in last.
     */
    long getBackendFeatures() {
        long features = VhostBackendFeature.maskOf(IOTLB_MSG_V2, IOTLB_BATCH, IOTLB_ASID);
        if (vdpa.has(VdpaOp.SUSPEND)) {
            features |= SUSPEND.mask();
        }
        if (v.profile.has(KernelChange.RESUME) && vdpa.has(VdpaOp.RESUME)) {
            features |= RESUME.mask();
        }
        if (v.profile.has(KernelChange.DESC_GROUP) && vdpa.has(VdpaOp.GET_VQ_DESC_GROUP)) {
            features |= DESC_ASID.mask();
        }
        if (v.profile.has(KernelChange.IOTLB_PERSIST) && hasPersistentMap()) {
            features |= IOTLB_PERSIST.mask();
        }
        return features | parentBackendFeatures();
    }

    /** vhost_vdpa_get_backend_features(): the parent's own offer (v6.6). */
    private long parentBackendFeatures() {
        if (v.profile.has(KernelChange.PARENT_BACKEND_FEATURES) && vdpa.has(VdpaOp.GET_BACKEND_FEATURES)) {
            return vdpa.getBackendFeatures();
        }
        return 0;
    }

    /**
     * vhost_vdpa_has_persistent_map() (4398776f7a6d): the platform IOMMU, an on-chip IOMMU that
     * can be put back with .reset_map, or (not in the RFC) a parent that declares PERSIST itself.
     */
    private boolean hasPersistentMap() {
        return (!vdpa.has(VdpaOp.SET_MAP) && !vdpa.has(VdpaOp.DMA_MAP))
                || (v.profile.has(KernelChange.RESET_MAP) && vdpa.has(VdpaOp.RESET_MAP))
                || (v.profile.has(KernelChange.PERSIST_FROM_PARENT_FEATURES)
                        && IOTLB_PERSIST.in(parentBackendFeatures()));
    }

    /** The bits SET_BACKEND_FEATURES lets through before the per-bit checks. */
    private long acceptedBackendFeatures() {
        long mask = VhostBackendFeature.maskOf(IOTLB_MSG_V2, IOTLB_BATCH, IOTLB_ASID, SUSPEND);
        if (v.profile.has(KernelChange.RESUME)) {
            mask |= RESUME.mask();
        }
        if (v.profile.has(KernelChange.ENABLE_AFTER_DRIVER_OK)) {
            mask |= ENABLE_AFTER_DRIVER_OK.mask();
        }
        if (v.profile.has(KernelChange.DESC_GROUP)) {
            mask |= DESC_ASID.mask();
        }
        if (v.profile.has(KernelChange.IOTLB_PERSIST)) {
            mask |= IOTLB_PERSIST.mask();
        }
        return mask;
    }

    /**
     * VHOST_SET_BACKEND_FEATURES. ENABLE_AFTER_DRIVER_OK is accepted whether or not the parent
     * offers it; nothing stops a change at any time, and a refused request changes nothing.
     */
    private long setBackendFeatures(UserPtr argp) {
        if (!argp.accessible(0, 8)) {
            return -EFAULT;
        }
        long features = argp.getU64(0);
        if ((features & ~acceptedBackendFeatures()) != 0) {
            return -EOPNOTSUPP;
        }
        if (SUSPEND.in(features) && !vdpa.has(VdpaOp.SUSPEND)) {
            return -EOPNOTSUPP;
        }
        if (RESUME.in(features) && !vdpa.has(VdpaOp.RESUME)) {
            return -EOPNOTSUPP;
        }
        if (DESC_ASID.in(features) && !IOTLB_ASID.in(features)) {
            return -EINVAL;
        }
        if (DESC_ASID.in(features) && !vdpa.has(VdpaOp.GET_VQ_DESC_GROUP)) {
            return -EOPNOTSUPP;
        }
        if (IOTLB_PERSIST.in(features) && !hasPersistentMap()) {
            return -EOPNOTSUPP;
        }
        // vhost_set_backend_features(): the same mask on every vq.
        for (VhostVirtqueue vq : v.vqs) {
            vq.ackedBackendFeatures = features;
        }
        return 0;
    }

    /**
     * vhost_vdpa_set_status(): a status may only gain bits unless it is 0; 0 resets the device
     * (with CLEAN_MAP for older userspace from v6.7); any other value goes to the parent, whose
     * errors vdpa_set_status() drops, so it returns 0.
     */
    private long setStatus(UserPtr argp) {
        if (!argp.accessible(0, 1)) {
            return -EFAULT;
        }
        int status = argp.getU8(0);
        int statusOld = vdpa.getStatus();
        if (status != 0 && (statusOld & ~status) != 0) {
            return -EINVAL;
        }
        if (status == 0) {
            return v.compatVdpaReset();
        }
        vdpa.vdpaSetStatus(status);
        return 0;
    }

    /** VHOST_SET_FEATURES: refused once FEATURES_OK is set; the driver features go to every vq. */
    private long setFeatures(UserPtr argp) {
        if (VirtioStatus.FEATURES_OK.in(vdpa.getStatus())) {
            return -EBUSY;
        }
        if (!argp.accessible(0, 8)) {
            return -EFAULT;
        }
        if (vdpa.vdpaSetFeatures(argp.getU64(0)) != 0) {
            return -EINVAL;
        }
        for (VhostVirtqueue vq : v.vqs) {
            vq.ackedFeatures = vdpa.getDriverFeatures();
        }
        return 0;
    }

    private long getIovaRange(UserPtr argp) {
        if (!argp.accessible(0, 16)) {
            return -EFAULT;
        }
        argp.putU64(0, v.rangeFirst);
        argp.putU64(8, v.rangeLast);
        return 0;
    }

    /**
     * vhost_vdpa_suspend(). Neither v6.6 nor v6.7 checks that SUSPEND was acked or that the device
     * runs; v6.9 (c4e8b5aed7cd) returns 0 before DRIVER_OK without calling the parent, and v6.8
     * remembers success in v->suspended.
     */
    private long suspend() {
        if (v.profile.has(KernelChange.SKIP_SUSPEND_RESUME_BEFORE_DRIVER_OK)
                && !VirtioStatus.DRIVER_OK.in(vdpa.getStatus())) {
            return 0;
        }
        if (!vdpa.has(VdpaOp.SUSPEND)) {
            return -EOPNOTSUPP;
        }
        int ret = vdpa.suspend();
        if (ret == 0 && v.profile.has(KernelChange.TRACK_SUSPENDED)) {
            v.suspended = true;
        }
        return ret;
    }

    /** vhost_vdpa_resume(): as suspend. */
    private long resume() {
        if (v.profile.has(KernelChange.SKIP_SUSPEND_RESUME_BEFORE_DRIVER_OK)
                && !VirtioStatus.DRIVER_OK.in(vdpa.getStatus())) {
            return 0;
        }
        if (!vdpa.has(VdpaOp.RESUME)) {
            return -EOPNOTSUPP;
        }
        int ret = vdpa.resume();
        if (ret == 0 && v.profile.has(KernelChange.TRACK_SUSPENDED)) {
            v.suspended = false;
        }
        return ret;
    }

    private static long putU64(UserPtr argp, long value) {
        if (!argp.accessible(0, 8)) {
            return -EFAULT;
        }
        argp.putU64(0, value);
        return 0;
    }

    private static long putU32(UserPtr argp, int value) {
        if (!argp.accessible(0, 4)) {
            return -EFAULT;
        }
        argp.putU32(0, value);
        return 0;
    }

    private static long putU16(UserPtr argp, int value) {
        if (!argp.accessible(0, 2)) {
            return -EFAULT;
        }
        argp.putU8(0, value & 0xff);
        argp.putU8(1, (value >>> 8) & 0xff);
        return 0;
    }

    private static long putU8(UserPtr argp, int value) {
        if (!argp.accessible(0, 1)) {
            return -EFAULT;
        }
        argp.putU8(0, value);
        return 0;
    }
}
