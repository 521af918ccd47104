package org.vdpacheck.parent;

import org.vdpacheck.uapi.VirtioFeature;

/** Virtio feature bits the modelled net parents offer (include/uapi/linux/virtio_*.h). */
final class VirtioNet {
    static final long VIRTIO_NET_F_MAC = VirtioFeature.MAC.mask();
    static final long VIRTIO_NET_F_STATUS = VirtioFeature.STATUS.mask();
    static final long VIRTIO_NET_F_CTRL_VQ = VirtioFeature.CTRL_VQ.mask();
    static final long VIRTIO_NET_F_MQ = VirtioFeature.MQ.mask();
    static final long VIRTIO_F_VERSION_1 = VirtioFeature.VERSION_1.mask();
    static final long VIRTIO_F_ACCESS_PLATFORM = VirtioFeature.ACCESS_PLATFORM.mask();

    /** A device with one queue pair and a control virtqueue: rx 0, tx 1, cvq 2. */
    static final long FEATURES = VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS | VIRTIO_NET_F_CTRL_VQ
            | VIRTIO_F_VERSION_1 | VIRTIO_F_ACCESS_PLATFORM;
    static final int NVQS = 3;
    static final int CVQ_INDEX = 2;

    private VirtioNet() {
    }
}
