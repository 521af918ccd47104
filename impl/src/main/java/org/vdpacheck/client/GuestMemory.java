package org.vdpacheck.client;

import java.util.List;

import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;

/**
 * A VMM's guest RAM as its memory listener sees it: RAM sections at guest-physical addresses,
 * backed by one shared, file-backed mapping (memfd, 2 MiB pages) in the VMM's address space, as
 * QEMU needs for vhost-vdpa. The IOVA of a section is its GPA (no vIOMMU, no shadow data vqs).
 */
public record GuestMemory(long hva, List<Section> sections) {
    /**
     * One RAM section: [gpa, gpa + size) at hva + offset. Boot RAM sits at hva + gpa; a DIMM has
     * a memory backend of its own, so GPA neighbours need not be neighbours in the VMM's memory.
     */
    public record Section(long gpa, long size, long offset) {
        public Section(long gpa, long size) {
            this(gpa, size, gpa);
        }
    }

    /** Low RAM below the PCI hole and 4 MiB above it: two sections, as x86 boards have. */
    public static final GuestMemory SMALL = new GuestMemory(0x7f00_0000_0000L,
            List.of(new Section(0, 2L << 20), new Section(4L << 20, 4L << 20)));

    public GuestMemory {
        sections = List.copyOf(sections);
    }

    public long uaddr(Section s) {
        return hva + s.offset();
    }

    /** How many bytes from {@link #hva} the sections reach. */
    public long mappedSize() {
        return sections.stream().mapToLong(s -> s.offset() + s.size()).max().orElse(0);
    }

    /** A process with this RAM mapped, and nothing else. */
    public Mm newProcess(String comm) {
        return new Mm(comm).mmap(Vma.guestRam(hva, mappedSize()));
    }
}
