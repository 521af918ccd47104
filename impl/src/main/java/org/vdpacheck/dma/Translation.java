package org.vdpacheck.dma;

/** Where a device DMA to an IOVA lands. */
public sealed interface Translation {
    /** Memory of a userspace process: the user address whose page backs the IOVA. */
    record Mapped(long addr) implements Translation {
        @Override
        public String toString() {
            return "0x" + Long.toHexString(addr);
        }
    }

    /** Through the parent's 1:1 default map: host physical address = IOVA. */
    record Identity(long pa) implements Translation {
        @Override
        public String toString() {
            return "identity";
        }
    }

    /** No translation, or one whose permission forbids the access. */
    record Fault(Reason reason) implements Translation {
        @Override
        public String toString() {
            return "fault";
        }
    }

    enum Reason { NO_MAPPING, PERMISSION }

    Fault NO_MAPPING = new Fault(Reason.NO_MAPPING);
    Fault PERMISSION = new Fault(Reason.PERMISSION);

    default boolean isFault() {
        return this instanceof Fault;
    }
}
