package org.vdpacheck.dma;

import org.vdpacheck.uapi.VhostAccess;

/** The direction of a device DMA: reads need VHOST_MAP_RO in the entry, writes VHOST_MAP_WO. */
public enum Access {
    READ(VhostAccess.RO),
    WRITE(VhostAccess.WO);

    private final int perm;

    Access(int perm) {
        this.perm = perm;
    }

    /** Whether an entry with this permission allows the access (vringh's iotlb_translate()). */
    public boolean allowedBy(int entryPerm) {
        return (entryPerm & perm) != 0;
    }
}
