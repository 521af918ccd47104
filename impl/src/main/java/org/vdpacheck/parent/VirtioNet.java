package org.vdpacheck.parent;

/** Virtio feature bits the modelled net parents offer (include/uapi/linux/virtio_*.h). */
final class VirtioNet {
    static final long VIRTIO_NET_F_MAC = 1L << 5;
    static final long VIRTIO_NET_F_STATUS = 1L << 16;
    static final long VIRTIO_NET_F_CTRL_VQ = 1L << 17;
    static final long VIRTIO_NET_F_MQ = 1L << 22;
    static final long VIRTIO_F_VERSION_1 = 1L << 32;
    static final long VIRTIO_F_ACCESS_PLATFORM = 1L << 33;

    /** A device with one queue pair and a control virtqueue: rx 0, tx 1, cvq 2. */
    static final long FEATURES = VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS | VIRTIO_NET_F_CTRL_VQ
            | VIRTIO_F_VERSION_1 | VIRTIO_F_ACCESS_PLATFORM;
    static final int NVQS = 3;
    static final int CVQ_INDEX = 2;

    private VirtioNet() {
    }
}
