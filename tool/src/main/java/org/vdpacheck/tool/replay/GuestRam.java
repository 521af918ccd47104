package org.vdpacheck.tool.replay;

import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.Trace;

/**
 * The replaying process's guest RAM: one shared, file-backed VMA of 2 MiB pages (design.md's
 * assumption about client memory). By default it covers every user address a scenario's updates
 * map, so that what an update does depends on the driver alone, never on a missing VMA; a
 * scenario about unmapped user memory sets its size with {@code option guest_ram}.
 */
public final class GuestRam {
    /** The highest page end a VMA can have: the last page below 2^64 stays unmapped. */
    private static final long TOP = -Mm.PAGE_SIZE;

    private GuestRam() {
    }

    /** The header's guest RAM, or [lowest uaddr, highest uaddr + size) over the updates, rounded out to 2 MiB. */
    public static Vma of(Trace trace) {
        if (trace.guestRam().isPresent()) {
            return Vma.guestRam(Trace.GUEST_RAM_BASE, trace.guestRam().getAsLong());
        }
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
            return Vma.guestRam(Trace.GUEST_RAM_BASE, Trace.HUGE_PAGE);
        }
        long start = lo & -Trace.HUGE_PAGE;
        long end = (hi + Trace.HUGE_PAGE - 1) & -Trace.HUGE_PAGE;
        if (Long.compareUnsigned(end, hi) < 0) {
            end = TOP;
        }
        return Vma.guestRam(start, end - start);
    }
}
