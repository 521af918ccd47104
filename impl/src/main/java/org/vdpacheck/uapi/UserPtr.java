package org.vdpacheck.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The user pointer an ioctl receives as its argument: a little-endian buffer the kernel reads with
 * copy_from_user() and fills with copy_to_user(), or a bad pointer (NULL, unmapped) for which
 * those fail and the ioctl returns -EFAULT.
 */
public final class UserPtr {
    public static final UserPtr NULL = new UserPtr(null);

    private final ByteBuffer buf;

    private UserPtr(ByteBuffer buf) {
        this.buf = buf;
    }

    public static UserPtr alloc(int size) {
        return new UserPtr(ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN));
    }

    public static UserPtr u64(long value) {
        UserPtr p = alloc(8);
        p.putU64(0, value);
        return p;
    }

    public static UserPtr u8(int value) {
        UserPtr p = alloc(1);
        p.putU8(0, value);
        return p;
    }

    /** struct vhost_vring_state { unsigned int index; unsigned int num; }. */
    public static UserPtr vringState(int index, int num) {
        UserPtr p = alloc(8);
        p.putU32(0, index);
        p.putU32(4, num);
        return p;
    }

    /** Whether copy_from_user()/copy_to_user() of {@code len} bytes at {@code off} succeeds. */
    public boolean accessible(int off, int len) {
        return buf != null && off >= 0 && len >= 0 && off + len <= buf.capacity();
    }

    public long getU64(int off) {
        return buf.getLong(off);
    }

    public int getU32(int off) {
        return buf.getInt(off);
    }

    public int getU8(int off) {
        return buf.get(off) & 0xff;
    }

    /** The little-endian unsigned value of {@code len} bytes (at most 8) at {@code off}. */
    public long getUnsigned(int off, int len) {
        long v = 0;
        for (int i = len - 1; i >= 0; i--) {
            v = v << 8 | getU8(off + i);
        }
        return v;
    }

    public void putU64(int off, long v) {
        buf.putLong(off, v);
    }

    public void putU32(int off, int v) {
        buf.putInt(off, v);
    }

    public void putU8(int off, int v) {
        buf.put(off, (byte) v);
    }
}
