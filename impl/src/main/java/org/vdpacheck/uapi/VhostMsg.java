package org.vdpacheck.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes userspace write(2)s on a vhost fd: struct vhost_msg (type VHOST_IOTLB_MSG, an int,
 * then the 8-aligned union) or struct vhost_msg_v2 (type VHOST_IOTLB_MSG_V2, asid, then the
 * union). Both are 72 bytes on x86-64, little-endian; the IOTLB message sits at offset 8 in both.
 */
public final class VhostMsg {
    public static final int VHOST_IOTLB_MSG = 0x1;
    public static final int VHOST_IOTLB_MSG_V2 = 0x2;

    /** sizeof(struct vhost_msg) == sizeof(struct vhost_msg_v2). */
    public static final int SIZE = 72;
    static final int IOTLB_OFFSET = 8;

    private VhostMsg() {
    }

    public static byte[] v2(int asid, VhostIotlbMsg msg) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, VHOST_IOTLB_MSG_V2);
        b.putInt(4, asid);
        b.putLong(IOTLB_OFFSET, msg.iova());
        b.putLong(IOTLB_OFFSET + 8, msg.size());
        b.putLong(IOTLB_OFFSET + 16, msg.uaddr());
        b.put(IOTLB_OFFSET + 24, (byte) msg.perm());
        b.put(IOTLB_OFFSET + 25, (byte) msg.type());
        return b.array();
    }
}
