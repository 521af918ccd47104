package org.vdpacheck.tool.replay;

import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.Trace;

/**
 * The replaying process's guest RAM: one shared, file-backed VMA of 2 MiB pages (design.md's
 * assumption about client memory) covering every user address a scenario's updates map, so that
 * what an update does depends on the driver alone, never on a missing VMA.
 */
public final class GuestRam {
    static final long HUGE_PAGE = 2L << 20;
    /** Where QEMU-like guest RAM sits, for a scenario that maps nothing. */
    static final long DEFAULT_BASE = 0x7f00_0000_0000L;
    /** The highest page end a VMA can have: the last page below 2^64 stays unmapped. */
    private static final long TOP = -Mm.PAGE_SIZE;

    private GuestRam() {
    }

    /** [lowest uaddr, highest uaddr + size) over the updates, rounded out to 2 MiB. */
    public static Vma of(Trace trace) {
        long lo = -1L;
        long hi = 0;
        for (Statement s : trace.statements()) {
            if (s instanceof Statement.Op op && op.verb().equals("update") && !op.badAddress()) {
                long uaddr = Words.number(op.words(), "uaddr");
                long size = Words.number(op.words(), "size");
                // A zero-size update is refused before anything is pinned (vhost_chr_write_iter()).
                if (size == 0) {
                    continue;
                }
                long end = uaddr + size;
                lo = Long.compareUnsigned(uaddr, lo) < 0 ? uaddr : lo;
                hi = Long.compareUnsigned(end, uaddr) <= 0 ? TOP : Long.compareUnsigned(end, hi) > 0 ? end : hi;
            }
        }
        if (hi == 0) {
            return Vma.guestRam(DEFAULT_BASE, HUGE_PAGE);
        }
        long start = lo & -HUGE_PAGE;
        long end = (hi + HUGE_PAGE - 1) & -HUGE_PAGE;
        if (Long.compareUnsigned(end, hi) < 0) {
            end = TOP;
        }
        return Vma.guestRam(start, end - start);
    }
}
