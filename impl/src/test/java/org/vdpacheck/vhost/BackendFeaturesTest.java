package org.vdpacheck.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vdpacheck.kernel.KernelProfile.RFC;
import static org.vdpacheck.kernel.KernelProfile.V6_6;
import static org.vdpacheck.kernel.KernelProfile.V6_7;
import static org.vdpacheck.parent.ParentDriver.MLX5_VDPA;
import static org.vdpacheck.parent.ParentDriver.PLATFORM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM_DMA_MAP;
import static org.vdpacheck.parent.ParentDriver.VDUSE;
import static org.vdpacheck.vhost.Fixture.ASID;
import static org.vdpacheck.vhost.Fixture.BATCH;
import static org.vdpacheck.vhost.Fixture.DESC_ASID;
import static org.vdpacheck.vhost.Fixture.ENABLE_AFTER_DRIVER_OK;
import static org.vdpacheck.vhost.Fixture.MSG_V2;
import static org.vdpacheck.vhost.Fixture.PERSIST;
import static org.vdpacheck.vhost.Fixture.RESUME;
import static org.vdpacheck.vhost.Fixture.SUSPEND;

import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.Errno;
import org.vdpacheck.uapi.UserPtr;

/** VHOST_GET_BACKEND_FEATURES / VHOST_SET_BACKEND_FEATURES, kernel-semantics.md (a), (b1), d3.5. */
class BackendFeaturesTest {

    static Stream<Arguments> offers() {
        long base = MSG_V2 | BATCH | ASID;
        long sim66 = base | SUSPEND | RESUME | ENABLE_AFTER_DRIVER_OK;
        return Stream.of(
                // v6.6: SUSPEND/RESUME with the ops, plus vdpa_sim's get_backend_features (ENABLE_AFTER_DRIVER_OK).
                Arguments.of(VDPA_SIM, V6_6, sim66),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_6, sim66),
                // v6.7: + IOTLB_PERSIST because vdpa_sim has .reset_map; no DESC_ASID (no get_vq_desc_group).
                Arguments.of(VDPA_SIM, V6_7, sim66 | PERSIST),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_7, sim66 | PERSIST),
                // VDUSE: set_map without reset_map, no suspend/resume: never PERSIST.
                Arguments.of(VDUSE, V6_6, base),
                Arguments.of(VDUSE, V6_7, base),
                // Platform IOMMU: PERSIST advertised from v6.7 only (has_persistent_map case 1).
                Arguments.of(PLATFORM, V6_6, base),
                Arguments.of(PLATFORM, V6_7, base | PERSIST),
                // RFC 4/4: PERSIST iff no set_map/dma_map or .reset_map. Only mlx5 got .reset_map (RFC 2/4),
                // with no get_backend_features of its own; vdpa_sim keeps its v6.6 ops.
                Arguments.of(MLX5_VDPA, RFC, base | SUSPEND | PERSIST),
                Arguments.of(PLATFORM, RFC, base | PERSIST),
                Arguments.of(VDPA_SIM, RFC, sim66),
                Arguments.of(VDPA_SIM_DMA_MAP, RFC, sim66),
                Arguments.of(VDUSE, RFC, base));
    }

    @ParameterizedTest(name = "{0} {1} offers 0x{2}")
    @MethodSource("offers")
    @DisplayName("vhost_vdpa_unlocked_ioctl GET_BACKEND_FEATURES: offer by parent (v6.6 vs v6.7, b1)")
    void getOffer(ParentDriver driver, KernelProfile profile, long expected) {
        Fixture f = Fixture.open(driver, profile); // no owner needed (b1, C-15)
        assertEquals(0, f.fd.getBackendFeatures());
        assertEquals(expected, f.fd.value());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("offers")
    @DisplayName("vhost_vdpa SET_BACKEND_FEATURES accepts the full GET offer, without an owner (v6.6, v6.7)")
    void setWholeOffer(ParentDriver driver, KernelProfile profile, long offer) {
        Fixture f = Fixture.open(driver, profile);
        assertEquals(0, f.fd.setBackendFeatures(offer));
        assertEquals(offer, f.state().ackedBackendFeatures());
    }

    static Stream<Arguments> acceptance() {
        int ok = 0;
        int eop = -Errno.EOPNOTSUPP;
        return Stream.of(
                // IOTLB_PERSIST: not in the v6.6 accepted set at all.
                Arguments.of(VDPA_SIM, V6_6, PERSIST, eop),
                Arguments.of(PLATFORM, V6_6, PERSIST, eop),
                // v6.7: accepted iff vhost_vdpa_has_persistent_map().
                Arguments.of(VDPA_SIM, V6_7, PERSIST, ok),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_7, PERSIST, ok),
                Arguments.of(PLATFORM, V6_7, PERSIST, ok),
                Arguments.of(VDUSE, V6_7, PERSIST, eop),
                // RFC: accepted iff has_persistent_map, which has no parent-features case.
                Arguments.of(MLX5_VDPA, RFC, PERSIST, ok),
                Arguments.of(PLATFORM, RFC, PERSIST, ok),
                Arguments.of(VDPA_SIM, RFC, PERSIST, eop),
                Arguments.of(VDPA_SIM_DMA_MAP, RFC, PERSIST, eop),
                Arguments.of(VDUSE, RFC, PERSIST, eop),
                // DESC_ASID: unknown in v6.6; v6.7 checks "requires IOTLB_ASID" (-EINVAL) before the op (-EOPNOTSUPP).
                Arguments.of(VDPA_SIM, V6_6, DESC_ASID | ASID, eop),
                Arguments.of(VDPA_SIM, V6_7, DESC_ASID, -Errno.EINVAL),
                Arguments.of(VDPA_SIM, V6_7, DESC_ASID | ASID, eop),
                // The RFC has no descriptor groups: DESC_ASID is outside the accepted set, as in v6.6.
                Arguments.of(MLX5_VDPA, RFC, DESC_ASID | ASID, eop),
                // ENABLE_AFTER_DRIVER_OK is accepted even when the parent does not offer it (b1 "Facts").
                Arguments.of(VDUSE, V6_6, ENABLE_AFTER_DRIVER_OK, ok),
                Arguments.of(PLATFORM, V6_7, ENABLE_AFTER_DRIVER_OK, ok),
                // SUSPEND / RESUME need the parent op.
                Arguments.of(VDUSE, V6_6, SUSPEND, eop),
                Arguments.of(PLATFORM, V6_7, SUSPEND, eop),
                Arguments.of(VDUSE, V6_7, RESUME, eop),
                Arguments.of(VDPA_SIM, V6_6, SUSPEND | RESUME, ok),
                // MSG_V2 | BATCH | ASID always accepted, even on one-AS parents.
                Arguments.of(VDUSE, V6_6, MSG_V2 | BATCH | ASID, ok),
                Arguments.of(PLATFORM, V6_7, MSG_V2 | BATCH | ASID, ok),
                // Bits outside the accepted set: bit 0 (undefined) and bit 9 (only in a 2026 vendor tree).
                Arguments.of(VDPA_SIM, V6_7, 1L, eop),
                Arguments.of(VDPA_SIM, V6_7, 1L << 9, eop),
                Arguments.of(VDPA_SIM, V6_6, MSG_V2 | (1L << 63), eop));
    }

    @ParameterizedTest(name = "{0} {1} SET 0x{2} -> {3}")
    @MethodSource("acceptance")
    @DisplayName("vhost_vdpa SET_BACKEND_FEATURES: acceptance checks in b1 order (v6.6, v6.7)")
    void setAcceptance(ParentDriver driver, KernelProfile profile, long mask, int expected) {
        Fixture f = Fixture.open(driver, profile);
        assertEquals(0, f.fd.setBackendFeatures(MSG_V2));
        VhostVdpaState before = f.state();
        assertEquals(expected, f.fd.setBackendFeatures(mask));
        if (expected == 0) {
            assertEquals(mask, f.state().ackedBackendFeatures());
        } else {
            assertEquals(before, f.state(), "a refused SET_BACKEND_FEATURES changes nothing");
        }
    }

    @Test
    @DisplayName("vhost_vdpa SET_BACKEND_FEATURES replaces the whole mask; GET still shows the offer (v6.7)")
    void setReplacesAndGetShowsOffer() {
        Fixture f = Fixture.open(VDPA_SIM, V6_7);
        assertEquals(0, f.fd.setBackendFeatures(MSG_V2 | BATCH | ASID | PERSIST));
        assertEquals(0, f.fd.setBackendFeatures(MSG_V2));
        assertEquals(MSG_V2, f.state().ackedBackendFeatures());
        assertEquals(0, f.fd.getBackendFeatures());
        assertEquals(MSG_V2 | BATCH | ASID | SUSPEND | RESUME | ENABLE_AFTER_DRIVER_OK | PERSIST, f.fd.value());
        assertEquals(0, f.fd.setBackendFeatures(0));
        assertEquals(0, f.state().ackedBackendFeatures());
    }

    @Test
    @DisplayName("vhost_vdpa SET_BACKEND_FEATURES: no status check, allowed after DRIVER_OK (v6.7, b1)")
    void setAfterDriverOk() {
        Fixture f = Fixture.owned(VDPA_SIM, V6_7, MSG_V2);
        f.driverOk();
        assertEquals(0, f.fd.setBackendFeatures(MSG_V2 | ASID | PERSIST));
        assertEquals(MSG_V2 | ASID | PERSIST, f.state().ackedBackendFeatures());
    }

    @Test
    @DisplayName("vhost_vdpa SET_BACKEND_FEATURES: copy_from_user fault -> -EFAULT, nothing changes (every version)")
    void setBadPointer() {
        Fixture f = Fixture.open(VDPA_SIM, V6_7);
        assertEquals(0, f.fd.setBackendFeatures(MSG_V2 | ASID));
        VhostVdpaState before = f.state();
        int cmd = Fixture.ioc(1, 0x25, 8); // _IOW(VHOST_VIRTIO, 0x25, __u64)
        assertEquals(-Errno.EFAULT, f.fd.ioctl(cmd, UserPtr.NULL));
        assertEquals(before, f.state());
    }

    @Test
    @DisplayName("vhost_dev_init at open: acked backend features are zero after re-open (every version, b0/b7)")
    void ackedZeroAfterReopen() {
        Fixture f = Fixture.open(VDPA_SIM, V6_7);
        assertEquals(0, f.fd.setBackendFeatures(MSG_V2 | ASID | PERSIST));
        assertEquals(0, f.fd.close());
        var fd2 = org.vdpacheck.client.VhostVdpaFd.open(f.dev, Fixture.qemuMm());
        assertEquals(0, f.dev.ackedBackendFeatures());
        assertEquals(0, f.dev.state().ackedBackendFeatures());
        assertEquals(0, fd2.close());
    }
}
