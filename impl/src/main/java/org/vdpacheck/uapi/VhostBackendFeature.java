package org.vdpacheck.uapi;

import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;

/**
 * VHOST_BACKEND_F_* (include/uapi/linux/vhost_types.h). The header defines bit numbers, tested
 * with BIT_ULL(); VHOST_GET/SET_BACKEND_FEATURES exchange the u64 mask.
 */
public enum VhostBackendFeature {
    IOTLB_MSG_V2(0x1),
    IOTLB_BATCH(0x2),
    IOTLB_ASID(0x3),
    SUSPEND(0x4),
    RESUME(0x5),
    /** v6.6, 8b59b4da9b56. */
    ENABLE_AFTER_DRIVER_OK(0x6),
    /** v6.7, "vhost-vdpa: introduce descriptor group backend feature". */
    DESC_ASID(0x7),
    /** v6.7, 4398776f7a6d: "IOTLB don't flush memory mapping across device reset". */
    IOTLB_PERSIST(0x8);

    private final int bit;

    VhostBackendFeature(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /** BIT_ULL(bit). */
    public long mask() {
        return 1L << bit;
    }

    public boolean in(long mask) {
        return (mask & mask()) != 0;
    }

    public static long maskOf(VhostBackendFeature... features) {
        long m = 0;
        for (VhostBackendFeature f : features) {
            m |= f.mask();
        }
        return m;
    }

    /** The named bits of a mask; bits without a name are dropped (see {@link #unnamedBits}). */
    public static Set<VhostBackendFeature> of(long mask) {
        Set<VhostBackendFeature> set = EnumSet.noneOf(VhostBackendFeature.class);
        for (VhostBackendFeature f : values()) {
            if (f.in(mask)) {
                set.add(f);
            }
        }
        return set;
    }

    public static long unnamedBits(long mask) {
        return mask & ~maskOf(values());
    }

    /** "IOTLB_MSG_V2 IOTLB_BATCH", the form the trace language uses; unnamed bits in hex. */
    public static String names(long mask) {
        StringJoiner j = new StringJoiner(" ");
        for (VhostBackendFeature f : of(mask)) {
            j.add(f.name());
        }
        long rest = unnamedBits(mask);
        if (rest != 0) {
            j.add("0x" + Long.toHexString(rest));
        }
        return j.toString();
    }
}
