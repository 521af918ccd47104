package org.vdpacheck.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.Errno;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vhost.VhostVdpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each client × kernel × parent through a VM life (boot, start, guest reset, start, exit), with
 * the device's DMA compared against what the client believes mapped after every start. The
 * expected breakages are the ones the kernel facts predict (kernel-semantics.md d3, qemu-clients.md
 * §5); everything else must keep every belief.
 */
class ClientScenarioTest {
    private static final Set<ParentDriver> ON_CHIP = Set.of(ParentDriver.VDPA_SIM, ParentDriver.VDPA_SIM_DMA_MAP,
            ParentDriver.MLX5_VDPA);

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (ClientKind client : ClientKind.values()) {
            for (KernelProfile kernel : KernelProfile.named()) {
                for (ParentDriver parent : ParentDriver.values()) {
                    cells.add(Arguments.of(client, kernel, parent));
                }
            }
        }
        return cells.stream();
    }

    /**
     * On-chip parents whose SET_STATUS 0 drops the maps of a client that has not acked PERSIST: v6.6
     * .reset cleans, v6.7 compat_reset(CLEAN_MAP). The RFC has no compat path: mlx5's .reset keeps its
     * MRs for everyone, while vdpa_sim, untouched by the RFC, still cleans.
     */
    private static boolean resetDropsMaps(KernelProfile kernel, ParentDriver parent) {
        return ON_CHIP.contains(parent) && !(kernel == KernelProfile.RFC && parent == ParentDriver.MLX5_VDPA);
    }

    /** Where the kernel facts say the client's belief and the device part ways, and at which start. */
    private static boolean lostAtFirstStart(ClientKind client, KernelProfile kernel, ParentDriver parent) {
        // The 10.1+ listener maps RAM at set_owner; the CVQ probe's raw SET_STATUS 0 then drops it.
        return client == ClientKind.QEMU_10_1_HOTPLUG && resetDropsMaps(kernel, parent);
    }

    private static boolean lostAfterReset(ClientKind client, KernelProfile kernel, ParentDriver parent) {
        // The 10.1+ hot-plug loss heals: reset_device unmaps and the next start maps again. Cloud
        // Hypervisor never remaps, and acks PERSIST where offered: v6.6 has no such bit, and the RFC
        // offers it on vdpa_sim only through a reset_map vdpa_sim did not get until v3. 6.1 has no
        // such bit either, and its vdpa_sim's reset empties every table (61:vdpa_sim.c:108-129).
        return client == ClientKind.CLOUD_HYPERVISOR && resetDropsMaps(kernel, parent)
                && (kernel == KernelProfile.V6_1 || kernel == KernelProfile.V6_6 || kernel == KernelProfile.RFC);
    }

    /**
     * virtio-vdpa after the client exits. RFC 2/4's mlx5 reset_map rebuilds the DMA MR but leaves the
     * cvq's software iotlb as the client's last set_map made it, so the control vq no longer reaches
     * the kernel's buffers; every other cell gets its 1:1 map back.
     */
    private static int virtioVdpaProbe(KernelProfile kernel, ParentDriver parent) {
        return kernel == KernelProfile.RFC && parent == ParentDriver.MLX5_VDPA ? -Errno.EIO : 0;
    }

    @ParameterizedTest(name = "{0} on {1} {2}")
    @MethodSource("cells")
    @DisplayName("device DMA reaches what the client believes mapped, across a guest reset")
    void beliefsHoldAcrossAGuestReset(ClientKind kind, KernelProfile kernel, ParentDriver driver) {
        ParentDevice parent = driver.create(kernel);
        UserspaceClient client = kind.create(VhostVdpa.bind(parent), GuestMemory.SMALL);
        client.boot();
        client.start();
        assertFalse(client.believed().isEmpty(), () -> "maps nothing: " + client.calls());
        assertEquals(lostAtFirstStart(kind, kernel, driver), !client.unreachable().isEmpty(),
                () -> "after the first start: " + client.unreachable() + "\n" + client.calls());
        client.guestReset();
        client.start();
        assertEquals(lostAfterReset(kind, kernel, driver), !client.unreachable().isEmpty(),
                () -> "after reset and restart: " + client.unreachable() + "\n" + client.calls());
        client.exit();
        // vhost_vdpa_cleanup() (and v6.7's reset_map) leave every parent usable by virtio-vdpa.
        assertEquals(virtioVdpaProbe(kernel, driver), new VirtioVdpa(parent).probe());
    }

    @Test
    @DisplayName("QEMU 8.0–10.0 acks exactly MSG_V2|BATCH|ASID|SUSPEND where offered (never PERSIST)")
    void qemuMask() {
        UserspaceClient q = ClientKind.QEMU_8_0_TO_10_0.create(
                VhostVdpa.bind(ParentDriver.MLX5_VDPA.create(KernelProfile.V6_7)), GuestMemory.SMALL);
        q.boot();
        q.start();
        assertEquals(VhostBackendFeature.maskOf(VhostBackendFeature.IOTLB_MSG_V2, VhostBackendFeature.IOTLB_BATCH,
                VhostBackendFeature.IOTLB_ASID, VhostBackendFeature.SUSPEND), q.acked());
    }

    @Test
    @DisplayName("Cloud Hypervisor acks IOTLB_PERSIST on v6.7 on-chip parents, so its maps survive reset")
    void cloudHypervisorAcksPersistOnV67() {
        UserspaceClient ch = ClientKind.CLOUD_HYPERVISOR.create(
                VhostVdpa.bind(ParentDriver.VDPA_SIM.create(KernelProfile.V6_7)), GuestMemory.SMALL);
        ch.boot();
        ch.start();
        assertTrue(VhostBackendFeature.IOTLB_PERSIST.in(ch.acked()));
    }

    @Test
    @DisplayName("QEMU's shadow CVQ lands in ASID 1 when the parent isolates the CVQ group (vdpa_sim, mlx5)")
    void cvqIsolation() {
        VhostVdpa dev = VhostVdpa.bind(ParentDriver.VDPA_SIM.create(KernelProfile.V6_7));
        UserspaceClient q = ClientKind.QEMU_8_0_TO_10_0.create(dev, GuestMemory.SMALL);
        q.boot();
        q.start();
        assertTrue(q.believed().stream().anyMatch(m -> m.asid() == Qemu.CVQ_ASID));
        assertEquals(Qemu.CVQ_ASID, dev.vdpa().groupAsid(1));
        // A reset puts every group back on ASID 0 whatever was negotiated (kernel-semantics b5).
        q.guestReset();
        assertEquals(0, dev.vdpa().groupAsid(1));
    }

    @Test
    @DisplayName("a second process cannot open the device while a client has it (vhost_vdpa_open: -EBUSY)")
    void exclusiveOpen() {
        VhostVdpa dev = VhostVdpa.bind(ParentDriver.PLATFORM.create(KernelProfile.V6_7));
        UserspaceClient a = ClientKind.DPDK.create(dev, GuestMemory.SMALL);
        UserspaceClient b = ClientKind.DPDK.create(dev, GuestMemory.SMALL);
        a.boot();
        b.boot();
        assertEquals(new Call("open", -Errno.EBUSY), b.calls().get(0));
        a.exit();
        b.boot();
        assertEquals(new Call("open", 0), b.calls().get(1));
    }
}
