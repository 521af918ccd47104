package org.vdpacheck.client;

import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vhost.VhostVdpa;

import static org.vdpacheck.uapi.VirtioStatus.ACKNOWLEDGE;
import static org.vdpacheck.uapi.VirtioStatus.DRIVER;
import static org.vdpacheck.uapi.VirtioStatus.DRIVER_OK;
import static org.vdpacheck.uapi.VirtioStatus.FEATURES_OK;

/**
 * DPDK virtio-user with the vhost-vdpa backend (drivers/net/virtio/virtio_user/vhost_vdpa.c):
 * acks MSG_V2|BATCH, and at every device start re-sends the whole memory table (invalidate-all,
 * then one UPDATE per memseg). Reset never unmaps.
 */
public final class Dpdk extends UserspaceClient {
    /** VHOST_VDPA_SUPPORTED_BACKEND_FEATURES. */
    static final long MASK = VhostBackendFeature.maskOf(VhostBackendFeature.IOTLB_MSG_V2,
            VhostBackendFeature.IOTLB_BATCH);

    public Dpdk(VhostVdpa dev, GuestMemory ram) {
        super(dev, ram, "dpdk-testpmd");
    }

    @Override
    public String name() {
        return "dpdk-virtio-user";
    }

    @Override
    public void boot() {
        if (!openAsOwner()) {
            return;
        }
        negotiateBackendFeatures(MASK);
    }

    /** virtio_user_start_device(), reached as the PMD walks the status up to DRIVER_OK. */
    @Override
    public void start() {
        setStatus(ACKNOWLEDGE.bit());
        setStatus(ACKNOWLEDGE.bit() | DRIVER.bit());
        ackDeviceFeatures();
        setStatus(ACKNOWLEDGE.bit() | DRIVER.bit() | FEATURES_OK.bit());
        setMemoryTable();
        setupVrings();
        enableVrings(true);
        setStatus(ACKNOWLEDGE.bit() | DRIVER.bit() | FEATURES_OK.bit() | DRIVER_OK.bit());
    }

    /** vhost_vdpa_set_memory_table(): BEGIN, INVALIDATE iova 0 size SIZE_MAX, UPDATE per memseg, END. */
    private void setMemoryTable() {
        batched(ackedHas(VhostBackendFeature.IOTLB_BATCH), () -> {
            iotlbWrite("INVALIDATE 0 0x0 SIZE_MAX", () -> fd.iotlbInvalidate(0, 0, -1L));
            forgetAll();
            updateRamSections(ram.sections());
        });
    }

    /** virtio_user_stop_device(): rings disabled, bases read, then SET_STATUS 0; no unmap. */
    @Override
    public void guestReset() {
        enableVrings(false);
        for (int i = 0; i < NVQS; i++) {
            int vq = i;
            call("GET_VRING_BASE " + vq, () -> fd.getVringBase(vq));
        }
        setStatus(0);
    }
}
