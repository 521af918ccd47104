package org.vdpacheck.mm;

/**
 * A vm_area_struct of a userspace process: [start, end) with the flags vhost-vdpa looks at.
 *
 * <p>Physical memory is named by the user address it backs (the page at uaddr U has physical
 * address U), so a device translation can be compared with what userspace mapped. What the kernel
 * learns from the page frames, physical contiguity, is a property of the VMA instead: its pages
 * are contiguous within each {@code contiguity}-aligned block (hugepage-backed guest RAM: 2 MiB or
 * 1 GiB; fragmented anonymous memory: one page).
 */
public record Vma(long start, long end, boolean shared, boolean fileBacked, boolean writable, long contiguity) {
    public Vma {
        if (Long.compareUnsigned(start, end) >= 0 || (start & (Mm.PAGE_SIZE - 1)) != 0
                || (end & (Mm.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("a VMA is a non-empty page-aligned range");
        }
        if (contiguity < Mm.PAGE_SIZE || Long.bitCount(contiguity) != 1) {
            throw new IllegalArgumentException("contiguity is a power-of-two multiple of the page size");
        }
    }

    /** Guest RAM as QEMU maps it for vhost-vdpa: shared, file-backed (memfd), 2 MiB hugepages. */
    public static Vma guestRam(long start, long size) {
        return new Vma(start, start + size, true, true, true, 2L << 20);
    }

    public boolean contains(long addr) {
        return Long.compareUnsigned(addr, start) >= 0 && Long.compareUnsigned(addr, end) < 0;
    }
}
