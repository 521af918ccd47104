package org.vdpacheck.uapi;

/**
 * The virtio feature bits a virtio-net driver negotiates that the modelled parents and the
 * trace language name (include/uapi/linux/virtio_config.h, virtio_net.h): bit numbers, which
 * VHOST_GET/SET_FEATURES exchange as a u64 mask.
 */
public enum VirtioFeature {
    MAC(5),
    STATUS(16),
    CTRL_VQ(17),
    MQ(22),
    VERSION_1(32),
    ACCESS_PLATFORM(33);

    private final int bit;

    VirtioFeature(int bit) {
        this.bit = bit;
    }

    /** BIT_ULL(bit). */
    public long mask() {
        return 1L << bit;
    }

    public boolean in(long mask) {
        return (mask & mask()) != 0;
    }
}
