package org.vdpacheck.client;

import java.util.Arrays;
import java.util.Optional;

import org.vdpacheck.vhost.VhostVdpa;

/** The userspace clients modelled, by the names the README, the spec and the audit use. */
public enum ClientKind {
    QEMU_5_2_TO_7_2("qemu-5.2..7.2"),
    QEMU_8_0_TO_10_0("qemu-8.0..10.0"),
    QEMU_10_1("qemu-10.1+"),
    QEMU_10_1_HOTPLUG("qemu-10.1+-hotplug"),
    QEMU_PERSIST("qemu-persist"),
    DPDK("dpdk-virtio-user"),
    CLOUD_HYPERVISOR("cloud-hypervisor");

    private final String id;

    ClientKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public UserspaceClient create(VhostVdpa dev, GuestMemory ram) {
        return switch (this) {
            case QEMU_5_2_TO_7_2 -> new Qemu(Qemu.Era.V5_2_TO_7_2, dev, ram, false);
            case QEMU_8_0_TO_10_0 -> new Qemu(Qemu.Era.V8_0_TO_10_0, dev, ram, false);
            case QEMU_10_1 -> new Qemu(Qemu.Era.V10_1, dev, ram, false);
            case QEMU_10_1_HOTPLUG -> new Qemu(Qemu.Era.V10_1, dev, ram, true);
            case QEMU_PERSIST -> new Qemu(Qemu.Era.SIWEI_PERSIST, dev, ram, false);
            case DPDK -> new Dpdk(dev, ram);
            case CLOUD_HYPERVISOR -> new CloudHypervisor(dev, ram);
        };
    }

    public static Optional<ClientKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
