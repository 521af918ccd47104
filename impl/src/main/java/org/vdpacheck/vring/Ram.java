package org.vdpacheck.vring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The contents of a client's guest-RAM mapping, at the addresses its pages are named by (the
 * page at user address U has physical address U, see {@link org.vdpacheck.mm.Vma}). The guest's
 * driver stores into it directly, as a CPU does; the device reaches it only through the
 * datapath's translations, so a translation that lands outside it reaches memory that is not the
 * client's. Multi-byte values are little-endian, as virtio 1.x rings are.
 */
public final class Ram {
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long base;
    private final byte[] bytes;

    /** RAM of {@code size} bytes from user address {@code base}. */
    public Ram(long base, int size) {
        this.base = base;
        this.bytes = new byte[size];
    }

    public long base() {
        return base;
    }

    /** Whether [addr, addr + len) lies inside this RAM. */
    public boolean holds(long addr, long len) {
        long off = addr - base;
        return Long.compareUnsigned(off, bytes.length) <= 0 && Long.compareUnsigned(len, bytes.length - off) <= 0;
    }

    public void read(long addr, byte[] dst, int off, int len) {
        System.arraycopy(bytes, offset(addr, len), dst, off, len);
    }

    public void write(long addr, byte[] src, int off, int len) {
        System.arraycopy(src, off, bytes, offset(addr, len), len);
    }

    public int u16(long addr) {
        return (short) U16.get(bytes, offset(addr, 2)) & 0xffff;
    }

    public long u32(long addr) {
        return (int) U32.get(bytes, offset(addr, 4)) & 0xffff_ffffL;
    }

    public long u64(long addr) {
        return (long) U64.get(bytes, offset(addr, 8));
    }

    public void putU16(long addr, int v) {
        U16.set(bytes, offset(addr, 2), (short) v);
    }

    public void putU32(long addr, long v) {
        U32.set(bytes, offset(addr, 4), (int) v);
    }

    public void putU64(long addr, long v) {
        U64.set(bytes, offset(addr, 8), v);
    }

    private int offset(long addr, long len) {
        if (!holds(addr, len)) {
            throw new IndexOutOfBoundsException(String.format("0x%x+%d is outside RAM 0x%x+%d", addr, len, base,
                    bytes.length));
        }
        return (int) (addr - base);
    }
}
