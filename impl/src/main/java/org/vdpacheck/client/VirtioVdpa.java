package org.vdpacheck.client;

import org.vdpacheck.uapi.VirtioStatus;
import org.vdpacheck.vdpa.VdpaDevice;

import static org.vdpacheck.uapi.Errno.EIO;

/**
 * The in-kernel virtio-vdpa bus driver (drivers/virtio/virtio_vdpa.c), binding a device after
 * vhost-vdpa let it go. It resets with vdpa_reset(vdpa, 0), never asking for CLEAN_MAP, then
 * drives the device through the DMA API: on an on-chip parent that only works if the parent's
 * 1:1 map is back, which is what vhost-vdpa's release has to guarantee.
 */
public final class VirtioVdpa {
    private final VdpaDevice vdpa;

    public VirtioVdpa(VdpaDevice vdpa) {
        this.vdpa = vdpa;
    }

    /**
     * virtio_vdpa_probe() then the driver's first buffers: reset, status up to DRIVER_OK, one
     * DMA. Returns 0, or -EIO where the device's DMA does not reach the kernel's buffers (the
     * virtio-net driver would time out on its first control command).
     */
    public int probe() {
        int r = vdpa.vdpaReset(0);
        if (r != 0) {
            return r;
        }
        vdpa.vdpaSetStatus(VirtioStatus.maskOf(VirtioStatus.ACKNOWLEDGE, VirtioStatus.DRIVER));
        vdpa.vdpaSetFeatures(vdpa.getDeviceFeatures());
        vdpa.vdpaSetStatus(VirtioStatus.maskOf(VirtioStatus.ACKNOWLEDGE, VirtioStatus.DRIVER,
                VirtioStatus.FEATURES_OK, VirtioStatus.DRIVER_OK));
        return vdpa.kernelDmaWorks() ? 0 : -EIO;
    }
}
