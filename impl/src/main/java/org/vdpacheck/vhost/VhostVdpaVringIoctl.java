package org.vdpacheck.vhost;

import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.uapi.UserPtr;
import org.vdpacheck.uapi.VhostIoctl;
import org.vdpacheck.uapi.VirtioStatus;
import org.vdpacheck.vdpa.VdpaDevice;
import org.vdpacheck.vdpa.VdpaOp;

import static org.vdpacheck.uapi.Errno.EFAULT;
import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.Errno.EIO;
import static org.vdpacheck.uapi.Errno.ENOBUFS;
import static org.vdpacheck.uapi.Errno.ENOIOCTLCMD;
import static org.vdpacheck.uapi.Errno.EOPNOTSUPP;

/**
 * vhost_vdpa_vring_ioctl(): every request here names a virtqueue by the first u32 of its
 * argument (for the group ioctls that number is the group), is bounded by nvqs, and has passed
 * the owner check. What vhost-vdpa does not handle itself goes to vhost_vring_ioctl().
 */
final class VhostVdpaVringIoctl {
    /** VRING_AVAIL_ALIGN_SIZE and VRING_USED_ALIGN_SIZE (include/uapi/linux/virtio_ring.h). */
    private static final long AVAIL_ALIGN = 2;
    private static final long USED_ALIGN = 4;
    /** 1 << VHOST_VRING_F_LOG, the only flag VHOST_SET_VRING_ADDR knows. */
    private static final int VHOST_VRING_F_LOG_MASK = 1;

    private final VhostVdpa v;
    private final VdpaDevice vdpa;

    VhostVdpaVringIoctl(VhostVdpa v) {
        this.v = v;
        this.vdpa = v.vdpa;
    }

    long vringIoctl(int cmd, UserPtr argp) {
        if (!argp.accessible(0, 4)) {
            return -EFAULT;
        }
        int idx = argp.getU32(0);
        if (Integer.compareUnsigned(idx, v.vqs.length) >= 0) {
            return -ENOBUFS;
        }
        VhostVirtqueue vq = v.vqs[idx];
        VhostIoctl op = VhostIoctl.of(cmd).orElse(null);
        if (op == VhostIoctl.VHOST_VDPA_SET_VRING_ENABLE) {
            if (!argp.accessible(0, 8)) {
                return -EFAULT;
            }
            // No DRIVER_OK or ENABLE_AFTER_DRIVER_OK check in any tree read.
            vdpa.setVqReady(idx, argp.getU32(4) != 0);
            return 0;
        }
        if (op == VhostIoctl.VHOST_VDPA_GET_VRING_GROUP) {
            return getGroup(idx, argp, VdpaOp.GET_VQ_GROUP);
        }
        if (op == VhostIoctl.VHOST_VDPA_GET_VRING_DESC_GROUP && v.profile.has(KernelChange.DESC_GROUP)) {
            return getGroup(idx, argp, VdpaOp.GET_VQ_DESC_GROUP);
        }
        if (op == VhostIoctl.VHOST_VDPA_SET_GROUP_ASID) {
            return setGroupAsid(idx, argp);
        }
        if (op == VhostIoctl.VHOST_GET_VRING_BASE) {
            // The parent's get_vq_state() error is the request's, before anything is copied out.
            int state = vdpa.getVqState(idx);
            if (state < 0) {
                return state;
            }
            vq.lastAvailIdx = state;
        }

        long r = vhostVringIoctl(op, idx, vq, argp);
        if (r != 0) {
            return r;
        }
        if (op == VhostIoctl.VHOST_SET_VRING_ADDR) {
            if (vqChangesBlocked()) {
                return -EINVAL;
            }
            if (vdpa.setVqAddress(idx, vq.descUserAddr, vq.availUserAddr, vq.usedUserAddr) != 0) {
                return -EINVAL;
            }
        } else if (op == VhostIoctl.VHOST_SET_VRING_BASE) {
            if (vqChangesBlocked()) {
                return -EINVAL;
            }
            return vdpa.setVqState(idx, vq.lastAvailIdx);
        } else if (op == VhostIoctl.VHOST_SET_VRING_NUM) {
            vdpa.setVqNum(idx, vq.num);
        }
        return 0;
    }

    /**
     * "vdpa: Block vq property changes in DRIVER_OK" (v6.8): raised after vhost's own copy of the
     * vq was updated, so that copy changes even when the ioctl fails.
     */
    private boolean vqChangesBlocked() {
        return v.profile.has(KernelChange.BLOCK_VQ_CHANGES_IN_DRIVER_OK)
                && VirtioStatus.DRIVER_OK.in(vdpa.getStatus()) && !v.suspended;
    }

    /** GET_VRING_GROUP / GET_VRING_DESC_GROUP: a group the parent reports beyond ngroups is -EIO. */
    private long getGroup(int idx, UserPtr argp, VdpaOp op) {
        if (!vdpa.has(op)) {
            return -EOPNOTSUPP;
        }
        int group = op == VdpaOp.GET_VQ_GROUP ? vdpa.getVqGroup(idx) : vdpa.getVqDescGroup(idx);
        if (Integer.compareUnsigned(group, vdpa.ngroups()) >= 0) {
            return -EIO;
        }
        if (!argp.accessible(0, 8)) {
            return -EFAULT;
        }
        argp.putU32(0, idx);
        argp.putU32(4, group);
        return 0;
    }

    /**
     * SET_GROUP_ASID: the group is the ring index, bounded in v6.6/v6.7 by nvqs alone; a 2025
     * change also bounds it by ngroups. No check that IOTLB_ASID was acked.
     */
    private long setGroupAsid(int group, UserPtr argp) {
        if (!argp.accessible(0, 8)) {
            return -EFAULT;
        }
        int asid = argp.getU32(4);
        if (v.profile.has(KernelChange.GROUP_ASID_CHECKS_NGROUPS)
                && Integer.compareUnsigned(group, vdpa.ngroups()) >= 0) {
            return -EINVAL;
        }
        if (Integer.compareUnsigned(asid, vdpa.nas()) >= 0) {
            return -EINVAL;
        }
        if (!vdpa.has(VdpaOp.SET_GROUP_ASID)) {
            return -EOPNOTSUPP;
        }
        return vdpa.setGroupAsid(group, asid);
    }

    /** vhost_vring_ioctl() (drivers/vhost/vhost.c), for the ring requests vhost-vdpa passes on. */
    private long vhostVringIoctl(VhostIoctl op, int idx, VhostVirtqueue vq, UserPtr argp) {
        if (op == null) {
            return -ENOIOCTLCMD;
        }
        switch (op) {
            case VHOST_SET_VRING_NUM: {
                if (!argp.accessible(0, 8)) {
                    return -EFAULT;
                }
                int num = argp.getU32(4);
                if (num == 0 || Integer.compareUnsigned(num, 0xffff) > 0 || (num & (num - 1)) != 0) {
                    return -EINVAL;
                }
                vq.num = num;
                return 0;
            }
            case VHOST_SET_VRING_ADDR: {
                // struct vhost_vring_addr: index, flags, desc, used, avail, log.
                if (!argp.accessible(0, 40)) {
                    return -EFAULT;
                }
                int flags = argp.getU32(4);
                long desc = argp.getU64(8);
                long used = argp.getU64(16);
                long avail = argp.getU64(24);
                long log = argp.getU64(32);
                if ((flags & ~VHOST_VRING_F_LOG_MASK) != 0) {
                    return -EOPNOTSUPP;
                }
                if ((avail & (AVAIL_ALIGN - 1)) != 0 || (used & (USED_ALIGN - 1)) != 0
                        || (log & (USED_ALIGN - 1)) != 0) {
                    return -EINVAL;
                }
                vq.descUserAddr = desc;
                vq.usedUserAddr = used;
                vq.availUserAddr = avail;
                return 0;
            }
            case VHOST_SET_VRING_BASE: {
                if (!argp.accessible(0, 8)) {
                    return -EFAULT;
                }
                int num = argp.getU32(4);
                if (Integer.compareUnsigned(num, 0xffff) > 0) {
                    return -EINVAL;
                }
                vq.lastAvailIdx = num;
                return 0;
            }
            case VHOST_GET_VRING_BASE: {
                if (!argp.accessible(0, 8)) {
                    return -EFAULT;
                }
                argp.putU32(0, idx);
                argp.putU32(4, vq.lastAvailIdx);
                return 0;
            }
            default:
                return -ENOIOCTLCMD;
        }
    }
}
