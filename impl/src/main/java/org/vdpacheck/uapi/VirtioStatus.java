package org.vdpacheck.uapi;

import java.util.StringJoiner;

/** VIRTIO_CONFIG_S_* device status bits (include/uapi/linux/virtio_config.h). */
public enum VirtioStatus {
    ACKNOWLEDGE(0x1),
    DRIVER(0x2),
    DRIVER_OK(0x4),
    FEATURES_OK(0x8),
    NEEDS_RESET(0x40),
    FAILED(0x80);

    private final int bit;

    VirtioStatus(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public boolean in(int status) {
        return (status & bit) != 0;
    }

    public static int maskOf(VirtioStatus... bits) {
        int m = 0;
        for (VirtioStatus b : bits) {
            m |= b.bit;
        }
        return m;
    }

    /** "ACKNOWLEDGE DRIVER", or "0" for a reset status. */
    public static String names(int status) {
        if (status == 0) {
            return "0";
        }
        StringJoiner j = new StringJoiner(" ");
        int known = 0;
        for (VirtioStatus b : values()) {
            if (b.in(status)) {
                j.add(b.name());
                known |= b.bit;
            }
        }
        if ((status & ~known) != 0) {
            j.add("0x" + Integer.toHexString(status & ~known));
        }
        return j.toString();
    }
}
