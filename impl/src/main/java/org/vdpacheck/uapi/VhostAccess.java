package org.vdpacheck.uapi;

/**
 * VHOST_ACCESS_RO/WO/RW (include/uapi/linux/vhost_types.h), the perm field of an IOTLB message.
 * The same values are VHOST_MAP_RO/WO/RW inside the kernel's vhost_iotlb.
 */
public final class VhostAccess {
    public static final int RO = 0x1;
    public static final int WO = 0x2;
    public static final int RW = 0x3;

    private VhostAccess() {
    }

    public static String name(int perm) {
        return switch (perm) {
            case RO -> "ro";
            case WO -> "wo";
            case RW -> "rw";
            default -> "0x" + Integer.toHexString(perm);
        };
    }
}
