package org.vdpacheck.harness;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The uapi constants, and the one message layout, the generated tests write calls with, copied
 * from the kernel headers rather than taken from impl/, so that a wrong constant in impl/ makes a
 * test fail instead of agreeing with itself.
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

    // include/uapi/linux/vhost.h: the requests a bad-address step makes, _IOC(dir, 0xAF, nr, size)
    // with _IOC_WRITE = 1 and _IOC_READ = 2 (asm-generic/ioctl.h).
    public static final int VHOST_SET_FEATURES = 0x4008af00;          // _IOW(VHOST_VIRTIO, 0x00, __u64)
    public static final int VHOST_SET_VRING_ADDR = 0x4028af11;        // _IOW(.., 0x11, struct vhost_vring_addr)
    public static final int VHOST_SET_VRING_BASE = 0x4008af12;        // _IOW(.., 0x12, struct vhost_vring_state)
    public static final int VHOST_GET_VRING_BASE = 0xc008af12;        // _IOWR(.., 0x12, struct vhost_vring_state)
    public static final int VHOST_SET_BACKEND_FEATURES = 0x4008af25;  // _IOW(.., 0x25, __u64)
    public static final int VHOST_GET_BACKEND_FEATURES = 0x8008af26;  // _IOR(.., 0x26, __u64)
    public static final int VHOST_VDPA_SET_STATUS = 0x4001af72;       // _IOW(.., 0x72, __u8)
    public static final int VHOST_VDPA_GET_VRING_GROUP = 0xc008af7b;  // _IOWR(.., 0x7B, struct vhost_vring_state)
    public static final int VHOST_VDPA_SET_GROUP_ASID = 0x4008af7c;   // _IOW(.., 0x7C, struct vhost_vring_state)
    public static final int VHOST_VDPA_GET_VRING_DESC_GROUP = 0xc008af7f; // _IOWR(.., 0x7F, struct vhost_vring_state)
    // The requests whose copied-out value the harness reads back (Device.copiedOut()).
    public static final int VHOST_VDPA_GET_DEVICE_ID = 0x8004af70;    // _IOR(.., 0x70, __u32)
    public static final int VHOST_VDPA_GET_STATUS = 0x8001af71;       // _IOR(.., 0x71, __u8)
    public static final int VHOST_VDPA_GET_VRING_NUM = 0x8002af76;    // _IOR(.., 0x76, __u16)
    public static final int VHOST_VDPA_GET_IOVA_RANGE = 0x8010af78;   // _IOR(.., 0x78, struct vhost_vdpa_iova_range)
    public static final int VHOST_VDPA_GET_AS_NUM = 0x8004af7a;       // _IOR(.., 0x7A, unsigned int)
    public static final int VHOST_VDPA_GET_VQS_COUNT = 0x8004af80;    // _IOR(.., 0x80, __u32)
    public static final int VHOST_VDPA_GET_GROUP_NUM = 0x8004af81;    // _IOR(.., 0x81, __u32)

    /** What write(2) of one IOTLB message returns on success: sizeof(struct vhost_msg_v2) on x86-64. */
    public static final long WRITTEN = 72;

    /**
     * The bytes of a struct vhost_msg_v2 carrying an IOTLB UPDATE, little-endian: __u32 type
     * (VHOST_IOTLB_MSG_V2, 2) and __u32 asid, then the union's struct vhost_iotlb_msg: __u64 iova,
     * size, uaddr, __u8 perm, __u8 type (VHOST_IOTLB_UPDATE, 2), padded to 72.
     */
    public static byte[] vhostMsgV2Update(int asid, long iova, long size, long uaddr, int perm) {
        ByteBuffer b = ByteBuffer.allocate((int) WRITTEN).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(2).putInt(asid).putLong(iova).putLong(size).putLong(uaddr).put((byte) perm).put((byte) 2);
        return b.array();
    }

    /** The first {@code bytes} of a message: a write(2) that ends inside it. */
    public static byte[] cut(byte[] msg, int bytes) {
        return Arrays.copyOf(msg, bytes);
    }

    /** The message with another type in its first __u32. */
    public static byte[] withMsgType(byte[] msg, long type) {
        byte[] copy = msg.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) type);
        return copy;
    }

    /** The message with another type in its struct vhost_iotlb_msg (offset 8 + 25). */
    public static byte[] withIotlbType(byte[] msg, int type) {
        byte[] copy = msg.clone();
        copy[33] = (byte) type;
        return copy;
    }

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
    public static final long ENOTTY = -25;
    public static final long ENOSPC = -28;
    public static final long ENOBUFS = -105;
    public static final long EOPNOTSUPP = -95;
}
