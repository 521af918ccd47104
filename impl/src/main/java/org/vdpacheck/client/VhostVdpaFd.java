package org.vdpacheck.client;

import org.vdpacheck.mm.Mm;
import org.vdpacheck.uapi.UserPtr;
import org.vdpacheck.uapi.VhostIoctl;
import org.vdpacheck.uapi.VhostIotlbMsg;
import org.vdpacheck.uapi.VhostMsg;
import org.vdpacheck.vhost.VhostVdpa;

/**
 * An open /dev/vhost-vdpa-N as a userspace process sees it: typed wrappers around ioctl(2) and
 * write(2), each returning what the syscall returns (0 or a value, or -errno). Values an ioctl
 * copies out are kept in {@link #value()}. This is what QEMU's vhost_vdpa_call() and rust-vmm's
 * vhost crate do, and what every client model and test drives the driver through.
 */
public final class VhostVdpaFd {
    private final VhostVdpa dev;
    private final Mm mm;
    private long value;
    private long rangeLast;

    private VhostVdpaFd(VhostVdpa dev, Mm mm) {
        this.dev = dev;
        this.mm = mm;
    }

    /** open(2) by the process {@code mm}: the fd, or null with the errno left in the driver. */
    public static VhostVdpaFd open(VhostVdpa dev, Mm mm) {
        return dev.open() == 0 ? new VhostVdpaFd(dev, mm) : null;
    }

    public VhostVdpa device() {
        return dev;
    }

    /** What the last successful GET-style ioctl copied out. */
    public long value() {
        return value;
    }

    public long close() {
        return dev.release();
    }

    public long setOwner() {
        return dev.ioctl(mm, VhostIoctl.VHOST_SET_OWNER.cmd(), UserPtr.NULL);
    }

    public long getBackendFeatures() {
        return get(VhostIoctl.VHOST_GET_BACKEND_FEATURES);
    }

    public long setBackendFeatures(long features) {
        return dev.ioctl(mm, VhostIoctl.VHOST_SET_BACKEND_FEATURES.cmd(), UserPtr.u64(features));
    }

    public long getFeatures() {
        return get(VhostIoctl.VHOST_GET_FEATURES);
    }

    public long setFeatures(long features) {
        return dev.ioctl(mm, VhostIoctl.VHOST_SET_FEATURES.cmd(), UserPtr.u64(features));
    }

    public long getStatus() {
        return get(VhostIoctl.VHOST_VDPA_GET_STATUS);
    }

    public long getAsNum() {
        return get(VhostIoctl.VHOST_VDPA_GET_AS_NUM);
    }

    public long getGroupNum() {
        return get(VhostIoctl.VHOST_VDPA_GET_GROUP_NUM);
    }

    public long getVqsCount() {
        return get(VhostIoctl.VHOST_VDPA_GET_VQS_COUNT);
    }

    public long getDeviceId() {
        return get(VhostIoctl.VHOST_VDPA_GET_DEVICE_ID);
    }

    /** VHOST_VDPA_GET_VRING_NUM: the largest ring the parent takes, a __u16. */
    public long getVringNum() {
        return get(VhostIoctl.VHOST_VDPA_GET_VRING_NUM);
    }

    /** VHOST_VDPA_GET_IOVA_RANGE: first in {@link #value()}, last in {@link #rangeLast()}. */
    public long getIovaRange() {
        UserPtr p = UserPtr.alloc(16);
        long r = dev.ioctl(mm, VhostIoctl.VHOST_VDPA_GET_IOVA_RANGE.cmd(), p);
        if (r == 0) {
            value = p.getU64(0);
            rangeLast = p.getU64(8);
        }
        return r;
    }

    /** The last IOVA of the range the last successful GET_IOVA_RANGE copied out. */
    public long rangeLast() {
        return rangeLast;
    }

    public long setStatus(int status) {
        return dev.ioctl(mm, VhostIoctl.VHOST_VDPA_SET_STATUS.cmd(), UserPtr.u8(status));
    }

    public long suspend() {
        return dev.ioctl(mm, VhostIoctl.VHOST_VDPA_SUSPEND.cmd(), UserPtr.NULL);
    }

    public long resume() {
        return dev.ioctl(mm, VhostIoctl.VHOST_VDPA_RESUME.cmd(), UserPtr.NULL);
    }

    public long setGroupAsid(int group, int asid) {
        return dev.ioctl(mm, VhostIoctl.VHOST_VDPA_SET_GROUP_ASID.cmd(), UserPtr.vringState(group, asid));
    }

    /** VHOST_VDPA_GET_VRING_GROUP: the group lands in {@link #value()}. */
    public long getVringGroup(int index) {
        return getVringState(VhostIoctl.VHOST_VDPA_GET_VRING_GROUP, index);
    }

    /** VHOST_VDPA_GET_VRING_DESC_GROUP (v6.7): the group of the vq's descriptor table, in {@link #value()}. */
    public long getVringDescGroup(int index) {
        return getVringState(VhostIoctl.VHOST_VDPA_GET_VRING_DESC_GROUP, index);
    }

    public long getVringBase(int index) {
        return getVringState(VhostIoctl.VHOST_GET_VRING_BASE, index);
    }

    public long setVringEnable(int index, boolean enable) {
        return dev.ioctl(mm, VhostIoctl.VHOST_VDPA_SET_VRING_ENABLE.cmd(), UserPtr.vringState(index, enable ? 1 : 0));
    }

    public long setVringNum(int index, int num) {
        return dev.ioctl(mm, VhostIoctl.VHOST_SET_VRING_NUM.cmd(), UserPtr.vringState(index, num));
    }

    public long setVringBase(int index, int base) {
        return dev.ioctl(mm, VhostIoctl.VHOST_SET_VRING_BASE.cmd(), UserPtr.vringState(index, base));
    }

    /** VHOST_SET_VRING_ADDR with struct vhost_vring_addr {index, flags, desc, used, avail, log}. */
    public long setVringAddr(int index, long desc, long used, long avail) {
        UserPtr p = UserPtr.alloc(40);
        p.putU32(0, index);
        p.putU64(8, desc);
        p.putU64(16, used);
        p.putU64(24, avail);
        return dev.ioctl(mm, VhostIoctl.VHOST_SET_VRING_ADDR.cmd(), p);
    }

    /** Any request number, for what the typed wrappers do not name (an unknown ioctl). */
    public long ioctl(int cmd, UserPtr arg) {
        return dev.ioctl(mm, cmd, arg);
    }

    /** write(2) of a struct vhost_msg_v2 carrying an IOTLB UPDATE. */
    public long iotlbUpdate(int asid, long iova, long size, long uaddr, int perm) {
        return write(VhostMsg.v2(asid, VhostIotlbMsg.update(iova, size, uaddr, perm)));
    }

    public long iotlbInvalidate(int asid, long iova, long size) {
        return write(VhostMsg.v2(asid, VhostIotlbMsg.invalidate(iova, size)));
    }

    public long batchBegin(int asid) {
        return write(VhostMsg.v2(asid, VhostIotlbMsg.batchBegin()));
    }

    public long batchEnd(int asid) {
        return write(VhostMsg.v2(asid, VhostIotlbMsg.batchEnd()));
    }

    /** write(2) of raw bytes: a struct vhost_msg (V1) or anything malformed. */
    public long write(byte[] msg) {
        return dev.write(mm, msg);
    }

    /** A GET whose argument is one unsigned value of the request's own size (a __u8 to a __u64). */
    private long get(VhostIoctl op) {
        UserPtr p = UserPtr.alloc(op.size());
        long r = dev.ioctl(mm, op.cmd(), p);
        if (r == 0) {
            value = p.getUnsigned(0, op.size());
        }
        return r;
    }

    private long getVringState(VhostIoctl op, int index) {
        UserPtr p = UserPtr.vringState(index, 0);
        long r = dev.ioctl(mm, op.cmd(), p);
        if (r == 0) {
            value = Integer.toUnsignedLong(p.getU32(4));
        }
        return r;
    }
}
