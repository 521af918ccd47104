package org.vdpacheck.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdpacheck.kernel.KernelProfile.NEWEST;
import static org.vdpacheck.kernel.KernelProfile.V6_6;
import static org.vdpacheck.kernel.KernelProfile.V6_7;
import static org.vdpacheck.parent.ParentDriver.PLATFORM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM_DMA_MAP;
import static org.vdpacheck.parent.ParentDriver.VDUSE;
import static org.vdpacheck.vhost.Fixture.ASID;
import static org.vdpacheck.vhost.Fixture.MSG_V2;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.Errno;
import org.vdpacheck.uapi.UserPtr;

/**
 * SET_GROUP_ASID / GET_VRING_GROUP / SET_VRING_ENABLE / SUSPEND / RESUME: kernel-semantics.md
 * (b3), (b5), (b6), C-2, C-3, C-15.
 */
class RingIoctlTest {

    static Stream<KernelProfile> v66v67() {
        return Stream.of(V6_6, V6_7);
    }

    // ---- owner check and index bound (C-15, b5 first check) ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("v66v67")
    @DisplayName("vhost_dev_ioctl owner check: ring ioctls without SET_OWNER or from another mm -> -EPERM (C-15)")
    void ringIoctlsNeedOwner(KernelProfile profile) {
        Fixture f = Fixture.open(VDPA_SIM, profile);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EPERM, f.fd.setVringEnable(0, true));
        assertEquals(-Errno.EPERM, f.fd.getVringGroup(0));
        assertEquals(-Errno.EPERM, f.fd.setGroupAsid(1, 1));
        assertEquals(0, f.fd.setOwner());
        Mm other = Fixture.qemuMm();
        int setGroupAsid = Fixture.ioc(1, 0x7C, 8);
        assertEquals(-Errno.EPERM, f.dev.ioctl(other, setGroupAsid, UserPtr.vringState(1, 1)));
        assertEquals(before, f.state());
    }

    @Test
    @DisplayName("vhost_vdpa_vring_ioctl: index >= nvqs -> -ENOBUFS before anything else, nothing changes (v6.7, b5)")
    void indexBeyondNvqs() {
        Fixture f = Fixture.owned(VDPA_SIM, V6_7);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.ENOBUFS, f.fd.setVringEnable(3, true));
        assertEquals(-Errno.ENOBUFS, f.fd.getVringGroup(3));
        assertEquals(-Errno.ENOBUFS, f.fd.setGroupAsid(3, 0));
        assertEquals(-Errno.ENOBUFS, f.fd.setGroupAsid(-1, 0));
        assertEquals(before, f.state());
    }

    // ---- GET_VRING_GROUP ----

    static Stream<Arguments> vringGroups() {
        return Stream.of(
                // vdpa_sim_net: rx/tx in group 0, cvq (index 2) in group 1.
                Arguments.of(VDPA_SIM, 0, 0L), Arguments.of(VDPA_SIM, 1, 0L), Arguments.of(VDPA_SIM, 2, 1L),
                // ifcvf's get_vq_group returns 0.
                Arguments.of(PLATFORM, 0, 0L), Arguments.of(PLATFORM, 2, 0L));
    }

    @ParameterizedTest(name = "{0} vq {1} -> group {2}")
    @MethodSource("vringGroups")
    @DisplayName("vhost_vdpa GET_VRING_GROUP: the parent's get_vq_group (v6.7, b5, c2)")
    void getVringGroup(ParentDriver driver, int vq, long group) {
        Fixture f = Fixture.owned(driver, V6_7);
        assertEquals(0, f.fd.getVringGroup(vq));
        assertEquals(group, f.fd.value());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("v66v67")
    @DisplayName("vhost_vdpa GET_VRING_GROUP on VDUSE (no get_vq_group before 2025) -> -EOPNOTSUPP (C-2)")
    void vduseHasNoGetVqGroup(KernelProfile profile) {
        Fixture f = Fixture.owned(VDUSE, profile);
        assertEquals(-Errno.EOPNOTSUPP, f.fd.getVringGroup(0));
    }

    // ---- SET_GROUP_ASID ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("v66v67")
    @DisplayName("vhost_vdpa SET_GROUP_ASID: vdpa_sim binds the group; no IOTLB_ASID ack needed (v6.6, v6.7, b5)")
    void setGroupAsid(KernelProfile profile) {
        Fixture f = Fixture.owned(VDPA_SIM, profile); // no backend features acked
        assertEquals(0, f.fd.setGroupAsid(1, 1));
        assertEquals(List.of(0, 1), f.state().groupAsid());
        assertEquals(0, f.fd.setGroupAsid(0, 1));
        assertEquals(List.of(1, 1), f.state().groupAsid());
    }

    static Stream<Arguments> groupAsidRefusals() {
        return Stream.of(
                // num >= nas -> -EINVAL (checked before the op exists).
                Arguments.of(VDPA_SIM, V6_6, 0, 2, -Errno.EINVAL),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_7, 1, 7, -Errno.EINVAL),
                Arguments.of(VDUSE, V6_7, 0, 1, -Errno.EINVAL),
                // no ops->set_group_asid -> -EOPNOTSUPP.
                Arguments.of(VDUSE, V6_6, 0, 0, -Errno.EOPNOTSUPP),
                Arguments.of(PLATFORM, V6_7, 0, 0, -Errno.EOPNOTSUPP),
                // 2025 (and stable, C-3): index >= ngroups -> -EINVAL; vdpa_sim has 3 vqs but 2 groups.
                Arguments.of(VDPA_SIM, NEWEST, 2, 0, -Errno.EINVAL),
                Arguments.of(PLATFORM, NEWEST, 1, 0, -Errno.EINVAL));
    }

    @ParameterizedTest(name = "{0} {1} group {2} asid {3} -> {4}")
    @MethodSource("groupAsidRefusals")
    @DisplayName("vhost_vdpa SET_GROUP_ASID: refusals in b5 order, nothing changes")
    void setGroupAsidRefused(ParentDriver driver, KernelProfile profile, int group, int asid, int expected) {
        Fixture f = Fixture.owned(driver, profile, MSG_V2 | ASID);
        VhostVdpaState before = f.state();
        assertEquals(expected, f.fd.setGroupAsid(group, asid));
        assertEquals(before, f.state());
    }

    // ---- SET_VRING_ENABLE ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("v66v67")
    @DisplayName("vhost_vdpa SET_VRING_ENABLE after DRIVER_OK without ENABLE_AFTER_DRIVER_OK acked -> 0 (b3: no check)")
    void enableAfterDriverOkWithoutAck(KernelProfile profile) {
        Fixture f = Fixture.owned(VDPA_SIM, profile, MSG_V2);
        f.driverOk();
        assertEquals(0, f.fd.setVringEnable(0, true));
        assertTrue(f.parent.getVqReady(0));
        assertEquals(0, f.fd.setVringEnable(0, false));
        assertFalse(f.parent.getVqReady(0));
    }

    // ---- SUSPEND / RESUME ----

    static Stream<Arguments> suspendCases() {
        int eop = -Errno.EOPNOTSUPP;
        return Stream.of(
                // parent, profile, DRIVER_OK first?, expected SUSPEND, expected RESUME
                // v6.6/v6.7: only "op exists" is checked, whatever the status.
                Arguments.of(VDPA_SIM, V6_6, false, 0, 0),
                Arguments.of(VDPA_SIM, V6_7, false, 0, 0),
                Arguments.of(VDUSE, V6_6, false, eop, eop),
                Arguments.of(VDUSE, V6_7, false, eop, eop),
                Arguments.of(PLATFORM, V6_7, true, eop, eop),
                // newest (6.9 c4e8b5aed7cd): before DRIVER_OK both return 0 without calling the parent, even without the op.
                Arguments.of(VDUSE, NEWEST, false, 0, 0),
                Arguments.of(PLATFORM, NEWEST, false, 0, 0),
                Arguments.of(VDUSE, NEWEST, true, eop, eop),
                Arguments.of(VDPA_SIM, NEWEST, true, 0, 0));
    }

    @ParameterizedTest(name = "{0} {1} driverOk={2} -> suspend {3}, resume {4}")
    @MethodSource("suspendCases")
    @DisplayName("vhost_vdpa_suspend / vhost_vdpa_resume: op and DRIVER_OK checks by version (b6)")
    void suspendResume(ParentDriver driver, KernelProfile profile, boolean driverOk, int suspend, int resume) {
        Fixture f = Fixture.open(driver, profile); // no owner, no SUSPEND/RESUME ack (b6, C-15)
        if (driverOk) {
            f.driverOk();
        }
        VhostVdpaState before = f.state();
        assertEquals(suspend, f.fd.suspend());
        assertEquals(resume, f.fd.resume());
        if (suspend != 0 || !driverOk) {
            assertEquals(before, f.state());
        }
    }

    @Test
    @DisplayName("vhost_vdpa_suspend (newest, 6.8 TRACK_SUSPENDED): suspended set by SUSPEND, cleared by RESUME and reset")
    void suspendedFlagNewest() {
        Fixture f = Fixture.owned(VDPA_SIM, NEWEST);
        assertEquals(0, f.fd.suspend());
        assertFalse(f.state().suspended(), "before DRIVER_OK the parent is not called, nothing recorded");
        f.driverOk();
        assertEquals(0, f.fd.suspend());
        assertTrue(f.state().suspended());
        assertEquals(0, f.fd.resume());
        assertFalse(f.state().suspended());
        assertEquals(0, f.fd.suspend());
        assertEquals(0, f.fd.setStatus(0));
        assertFalse(f.state().suspended(), "_compat_vdpa_reset clears v->suspended (6.8+)");
    }

    @Test
    @DisplayName("vhost_vdpa_suspend (v6.7): no suspended tracking before 6.8")
    void noSuspendedFlagV67() {
        Fixture f = Fixture.owned(VDPA_SIM, V6_7);
        f.driverOk();
        assertEquals(0, f.fd.suspend());
        assertFalse(f.state().suspended());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("v66v67")
    @DisplayName("vhost_vdpa_suspend: maps untouched by SUSPEND/RESUME (b6)")
    void suspendLeavesMaps(KernelProfile profile) {
        Fixture f = Fixture.owned(VDPA_SIM, profile);
        f.map(0, 0x100000, 0x10000, 0);
        f.driverOk();
        VhostVdpaState before = f.state();
        assertEquals(0, f.fd.suspend());
        assertEquals(before.deviceMap(), f.state().deviceMap());
        assertEquals(before.vhostIotlb(), f.state().vhostIotlb());
        assertEquals(0, f.fd.resume());
        assertEquals(before, f.state());
    }

    @Test
    @DisplayName("vhost_vdpa_vring_ioctl SET_VRING_BASE in DRIVER_OK: -EINVAL unless suspended (newest, 6.8 b3)")
    void vringBaseBlockedInDriverOkNewest() {
        Fixture f = Fixture.owned(VDPA_SIM, NEWEST);
        f.driverOk();
        assertEquals(-Errno.EINVAL, f.fd.setVringBase(0, 5));
        assertEquals(0, f.fd.suspend());
        assertEquals(0, f.fd.setVringBase(0, 5));
        assertEquals(5, f.parent.getVqState(0));
    }

    @Test
    @DisplayName("vhost_vdpa_vring_ioctl SET_VRING_BASE in DRIVER_OK: allowed on v6.7 (block came in 6.8)")
    void vringBaseAllowedInDriverOkV67() {
        Fixture f = Fixture.owned(VDPA_SIM, V6_7);
        f.driverOk();
        assertEquals(0, f.fd.setVringBase(0, 5));
        assertEquals(5, f.parent.getVqState(0));
    }
}
