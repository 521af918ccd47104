package org.vdpacheck.uapi;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The vhost and vhost-vdpa ioctls this implementation models (include/uapi/linux/vhost.h), with
 * their full request numbers. Requests not listed here (eventfds, config space, dirty log,
 * GET_VRING_SIZE) take the path of an unknown request through vhost_vdpa_unlocked_ioctl().
 */
public enum VhostIoctl {
    VHOST_GET_FEATURES(Dir.READ, 0x00, 8),
    VHOST_SET_FEATURES(Dir.WRITE, 0x00, 8),
    VHOST_SET_OWNER(Dir.NONE, 0x01, 0),
    VHOST_RESET_OWNER(Dir.NONE, 0x02, 0),
    VHOST_SET_VRING_NUM(Dir.WRITE, 0x10, 8),
    /** struct vhost_vring_addr: index, flags, desc/used/avail/log user addresses. */
    VHOST_SET_VRING_ADDR(Dir.WRITE, 0x11, 40),
    VHOST_SET_VRING_BASE(Dir.WRITE, 0x12, 8),
    VHOST_GET_VRING_BASE(Dir.READ_WRITE, 0x12, 8),
    VHOST_SET_BACKEND_FEATURES(Dir.WRITE, 0x25, 8),
    VHOST_GET_BACKEND_FEATURES(Dir.READ, 0x26, 8),
    VHOST_VDPA_GET_DEVICE_ID(Dir.READ, 0x70, 4),
    VHOST_VDPA_GET_STATUS(Dir.READ, 0x71, 1),
    VHOST_VDPA_SET_STATUS(Dir.WRITE, 0x72, 1),
    VHOST_VDPA_SET_VRING_ENABLE(Dir.WRITE, 0x75, 8),
    VHOST_VDPA_GET_VRING_NUM(Dir.READ, 0x76, 2),
    /** struct vhost_vdpa_iova_range { __u64 first; __u64 last; }. */
    VHOST_VDPA_GET_IOVA_RANGE(Dir.READ, 0x78, 16),
    VHOST_VDPA_GET_AS_NUM(Dir.READ, 0x7A, 4),
    VHOST_VDPA_GET_VRING_GROUP(Dir.READ_WRITE, 0x7B, 8),
    VHOST_VDPA_SET_GROUP_ASID(Dir.WRITE, 0x7C, 8),
    VHOST_VDPA_SUSPEND(Dir.NONE, 0x7D, 0),
    VHOST_VDPA_RESUME(Dir.NONE, 0x7E, 0),
    /** v6.7. */
    VHOST_VDPA_GET_VRING_DESC_GROUP(Dir.READ_WRITE, 0x7F, 8),
    VHOST_VDPA_GET_VQS_COUNT(Dir.READ, 0x80, 4),
    VHOST_VDPA_GET_GROUP_NUM(Dir.READ, 0x81, 4);

    /** VHOST_VIRTIO, the ioctl type byte. */
    public static final int VHOST_VIRTIO = 0xAF;

    private enum Dir {
        NONE(0), WRITE(1), READ(2), READ_WRITE(3);

        final int bits;

        Dir(int bits) {
            this.bits = bits;
        }
    }

    private static final Map<Integer, VhostIoctl> BY_CMD = new HashMap<>();

    static {
        for (VhostIoctl i : values()) {
            BY_CMD.put(i.cmd, i);
        }
    }

    private final int cmd;

    VhostIoctl(Dir dir, int nr, int size) {
        // _IOC(dir, type, nr, size) from include/uapi/asm-generic/ioctl.h.
        this.cmd = (dir.bits << 30) | (size << 16) | (VHOST_VIRTIO << 8) | nr;
    }

    public int cmd() {
        return cmd;
    }

    /** _IOC_SIZE(cmd): how many bytes of argument the request copies. */
    public int size() {
        return (cmd >>> 16) & 0x3fff;
    }

    public static Optional<VhostIoctl> of(int cmd) {
        return Optional.ofNullable(BY_CMD.get(cmd));
    }
}
