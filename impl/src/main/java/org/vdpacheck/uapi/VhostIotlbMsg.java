package org.vdpacheck.uapi;

/**
 * struct vhost_iotlb_msg (include/uapi/linux/vhost_types.h): iova, size, uaddr (u64 each), perm
 * and type (u8 each), 32 bytes with the tail padding.
 */
public record VhostIotlbMsg(long iova, long size, long uaddr, int perm, int type) {
    public static final int MISS = 1;
    public static final int UPDATE = 2;
    public static final int INVALIDATE = 3;
    public static final int ACCESS_FAIL = 4;
    /** "There's no guarantee that these changes take place automatically in the device." */
    public static final int BATCH_BEGIN = 5;
    public static final int BATCH_END = 6;

    /** sizeof(struct vhost_iotlb_msg). */
    public static final int SIZE = 32;

    public static VhostIotlbMsg update(long iova, long size, long uaddr, int perm) {
        return new VhostIotlbMsg(iova, size, uaddr, perm, UPDATE);
    }

    public static VhostIotlbMsg invalidate(long iova, long size) {
        return new VhostIotlbMsg(iova, size, 0, 0, INVALIDATE);
    }

    public static VhostIotlbMsg batchBegin() {
        return new VhostIotlbMsg(0, 0, 0, 0, BATCH_BEGIN);
    }

    public static VhostIotlbMsg batchEnd() {
        return new VhostIotlbMsg(0, 0, 0, 0, BATCH_END);
    }
}
