package org.vdpacheck.client;

import org.vdpacheck.vhost.VhostVdpa;

import static org.vdpacheck.uapi.VirtioStatus.ACKNOWLEDGE;
import static org.vdpacheck.uapi.VirtioStatus.DRIVER;
import static org.vdpacheck.uapi.VirtioStatus.DRIVER_OK;
import static org.vdpacheck.uapi.VirtioStatus.FEATURES_OK;

/**
 * Cloud Hypervisor's vdpa device (virtio-devices/src/vdpa.rs) on rust-vmm's vhost crate: acks
 * every backend feature the kernel offers at activation, maps guest memory once through its DMA
 * mapping hooks, and resets with SET_STATUS 0 and no unmap or remap. The order of its first map
 * calls relative to activation is unverified (qemu-clients.md §3.3); here memory is mapped at
 * device creation, before any backend feature is acked.
 */
public final class CloudHypervisor extends UserspaceClient {
    public CloudHypervisor(VhostVdpa dev, GuestMemory ram) {
        super(dev, ram, "cloud-hypervisor");
    }

    @Override
    public String name() {
        return "cloud-hypervisor";
    }

    /** Vdpa::new(): SET_OWNER, GET_FEATURES, GET_BACKEND_FEATURES; then ExternalDmaMapping::map. */
    @Override
    public void boot() {
        if (!openAsOwner()) {
            return;
        }
        call("GET_BACKEND_FEATURES", fd::getBackendFeatures);
        updateRamSections(ram.sections());
    }

    /** activate_vdpa(): SET_FEATURES, SET_BACKEND_FEATURES(all offered), rings, one SET_STATUS. */
    @Override
    public void start() {
        ackDeviceFeatures();
        negotiateBackendFeatures(-1L);
        setupVrings();
        enableVrings(true);
        setStatus(ACKNOWLEDGE.bit() | DRIVER.bit() | FEATURES_OK.bit() | DRIVER_OK.bit());
    }

    /** reset_vdpa(): rings disabled, SET_STATUS 0. */
    @Override
    public void guestReset() {
        enableVrings(false);
        setStatus(0);
    }
}
