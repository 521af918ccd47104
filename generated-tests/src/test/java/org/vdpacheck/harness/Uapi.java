package org.vdpacheck.harness;

/**
 * The uapi constants the generated tests write calls with, copied from the kernel headers rather
 * than taken from impl/, so that a wrong constant in impl/ makes a test fail instead of agreeing
 * with itself.
 */
public final class Uapi {
    private Uapi() {
    }

    // include/uapi/linux/vhost_types.h: VHOST_BACKEND_F_* are bit numbers; the ioctls take BIT_ULL masks.
    public static final long IOTLB_MSG_V2 = 1L << 0x1;
    public static final long IOTLB_BATCH = 1L << 0x2;
    public static final long IOTLB_ASID = 1L << 0x3;
    public static final long SUSPEND = 1L << 0x4;
    public static final long RESUME = 1L << 0x5;
    public static final long ENABLE_AFTER_DRIVER_OK = 1L << 0x6;
    public static final long DESC_ASID = 1L << 0x7;
    public static final long IOTLB_PERSIST = 1L << 0x8;

    // include/uapi/linux/virtio_config.h, virtio_net.h: the virtio feature bits SET_FEATURES names.
    public static final long CTRL_VQ = 1L << 17;
    public static final long VERSION_1 = 1L << 32;
    public static final long ACCESS_PLATFORM = 1L << 33;

    // include/uapi/linux/vhost_types.h: VHOST_ACCESS_*.
    public static final int VHOST_ACCESS_RO = 0x1;
    public static final int VHOST_ACCESS_WO = 0x2;
    public static final int VHOST_ACCESS_RW = 0x3;

    // include/uapi/linux/virtio_config.h: VIRTIO_CONFIG_S_*.
    public static final int ACKNOWLEDGE = 0x1;
    public static final int DRIVER = 0x2;
    public static final int DRIVER_OK = 0x4;
    public static final int FEATURES_OK = 0x8;

    /** What write(2) of one IOTLB message returns on success: sizeof(struct vhost_msg_v2) on x86-64. */
    public static final long WRITTEN = 72;

    // include/uapi/asm-generic/errno-base.h and errno.h, as the kernel returns them (negated).
    public static final long EPERM = -1;
    public static final long ENOENT = -2;
    public static final long EIO = -5;
    public static final long EBADF = -9;
    public static final long ENOMEM = -12;
    public static final long EFAULT = -14;
    public static final long EBUSY = -16;
    public static final long EEXIST = -17;
    public static final long EINVAL = -22;
    public static final long ENOSPC = -28;
    public static final long ENOBUFS = -105;
    public static final long EOPNOTSUPP = -95;
}
