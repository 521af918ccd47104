package org.vdpacheck.mm;

import java.util.ArrayList;
import java.util.List;

import static org.vdpacheck.uapi.Errno.EFAULT;

/**
 * A process address space (struct mm_struct): its VMAs, the pinned_vm counter vhost-vdpa charges
 * pinned pages to, and RLIMIT_MEMLOCK. The owner check of vhost compares these by identity.
 */
public final class Mm {
    public static final long PAGE_SIZE = 4096;
    public static final long PAGE_MASK = ~(PAGE_SIZE - 1);

    private final String comm;
    private final List<Vma> vmas = new ArrayList<>();
    private long pinnedVm;
    /** RLIMIT_MEMLOCK in bytes; RLIM_INFINITY by default. */
    private long memlockLimit = -1L;

    public Mm(String comm) {
        this.comm = comm;
    }

    public Mm mmap(Vma vma) {
        for (Vma v : vmas) {
            if (Long.compareUnsigned(vma.start(), v.end()) < 0 && Long.compareUnsigned(v.start(), vma.end()) < 0) {
                throw new IllegalArgumentException("VMA overlaps " + v);
            }
        }
        vmas.add(vma);
        vmas.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return this;
    }

    public List<Vma> vmas() {
        return List.copyOf(vmas);
    }

    /** find_vma(): the first VMA that ends above addr; it may start above addr too. */
    public Vma findVma(long addr) {
        for (Vma v : vmas) {
            if (Long.compareUnsigned(addr, v.end()) < 0) {
                return v;
            }
        }
        return null;
    }

    /** The VMA containing addr, or null. */
    public Vma vmaAt(long addr) {
        Vma v = findVma(addr);
        return v != null && v.contains(addr) ? v : null;
    }

    /** Whether addr is memory of this process, so a device that reaches it reaches the process. */
    public boolean owns(long addr) {
        return vmaAt(addr) != null;
    }

    /**
     * pin_user_pages() of npages from the page-aligned address base: every page must lie in a VMA,
     * writable if {@code write} (FOLL_WRITE). Returns 0 or -EFAULT.
     *
     * <p>The kernel pins in batches of 512 and turns a short batch into -ENOMEM; both errors reach
     * userspace as write() -EFAULT, so one check of the whole range stands for the batches.
     */
    public int pinUserPages(long base, long npages, boolean write) {
        // Counted in pages, not bounded by an end address: a range that reaches the top of the
        // address space has an end that wraps to 0. No VMA reaches that high (TASK_SIZE), so
        // __get_user_pages() finds none there: -EFAULT.
        long addr = base;
        for (long left = npages; left != 0; ) {
            Vma v = vmaAt(addr);
            if (v == null || (write && !v.writable())) {
                return -EFAULT;
            }
            long inVma = Long.divideUnsigned(v.end() - addr, PAGE_SIZE);
            if (Long.compareUnsigned(left, inVma) <= 0) {
                return 0;
            }
            left -= inVma;
            addr = v.end();
        }
        return 0;
    }

    /**
     * Where the physically contiguous run of pinned pages that starts at addr ends, at most at
     * end: what vhost_vdpa_pa_map() finds by comparing page frame numbers as it walks the pages.
     * A run ends at a VMA boundary and at a boundary of the VMA's contiguity blocks (pieces of
     * different blocks or VMAs are never contiguous). addr must be pinnable.
     */
    public long contiguousEnd(long addr, long end) {
        Vma v = vmaAt(addr);
        long blockEnd = (addr & -v.contiguity()) + v.contiguity();
        return minUnsigned(minUnsigned(blockEnd, v.end()), end);
    }

    private static long minUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    public long pinnedVm() {
        return pinnedVm;
    }

    public void addPinnedVm(long pages) {
        pinnedVm += pages;
    }

    public long memlockLimitPages() {
        return Long.divideUnsigned(memlockLimit, PAGE_SIZE);
    }

    public Mm setMemlockLimit(long bytes) {
        this.memlockLimit = bytes;
        return this;
    }

    @Override
    public String toString() {
        return comm;
    }
}
