package org.vdpacheck.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vdpacheck.kernel.KernelProfile.V6_6;
import static org.vdpacheck.kernel.KernelProfile.V6_7;
import static org.vdpacheck.parent.ParentDriver.PLATFORM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM_DMA_MAP;
import static org.vdpacheck.parent.ParentDriver.VDUSE;
import static org.vdpacheck.vhost.Fixture.ACCESS_FAIL;
import static org.vdpacheck.vhost.Fixture.ASID;
import static org.vdpacheck.vhost.Fixture.BATCH_BEGIN;
import static org.vdpacheck.vhost.Fixture.INVALIDATE;
import static org.vdpacheck.vhost.Fixture.MISS;
import static org.vdpacheck.vhost.Fixture.MSG_SIZE;
import static org.vdpacheck.vhost.Fixture.MSG_V2;
import static org.vdpacheck.vhost.Fixture.RAM;
import static org.vdpacheck.vhost.Fixture.RW;
import static org.vdpacheck.vhost.Fixture.UPDATE;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.Errno;
import org.vdpacheck.uapi.UserPtr;

/**
 * Refused input: the kernel's errno and no observable change (dev.state() equal before and after).
 * kernel-semantics.md C-1, (b1), (b4), C-15, 6.1 appendix "Ioctls" (same path in 6.12).
 */
class BadInputTest {

    static Stream<Arguments> setups() {
        return Stream.of(Arguments.of(VDPA_SIM, V6_6), Arguments.of(VDPA_SIM, V6_7),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_7), Arguments.of(VDUSE, V6_7), Arguments.of(PLATFORM, V6_7));
    }

    /** Owned, IOTLB_ASID acked, one mapping in ASID 0 so every later refusal finds an existing AS. */
    private static Fixture mapped(ParentDriver driver, KernelProfile profile) {
        Fixture f = Fixture.owned(driver, profile, MSG_V2 | ASID);
        f.map(0, 0x100000, 0x10000, 0);
        return f;
    }

    // ---- unknown ioctl ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    @DisplayName("vhost_vdpa_unlocked_ioctl default: unknown ioctl -> -EPERM / -EFAULT / -ENOBUFS / -ENOTTY (C-15, 6.1 appx)")
    void unknownIoctl(ParentDriver driver, KernelProfile profile) {
        Fixture f = Fixture.open(driver, profile);
        int unknown = Fixture.ioc(1, 0x99, 8); // _IOW(VHOST_VIRTIO, 0x99, 8): no such request
        VhostVdpaState before = f.state();
        // vhost_dev_ioctl's owner check comes first.
        assertEquals(-Errno.EPERM, f.fd.ioctl(unknown, UserPtr.vringState(0, 0)));
        assertEquals(before, f.state());
        assertEquals(0, f.fd.setOwner());
        before = f.state();
        // then vhost_vdpa_vring_ioctl: get_user(idx) faults, idx >= nvqs, else vhost_vring_ioctl's -ENOIOCTLCMD -> ENOTTY.
        assertEquals(-Errno.EFAULT, f.fd.ioctl(unknown, UserPtr.NULL));
        assertEquals(-Errno.ENOBUFS, f.fd.ioctl(unknown, UserPtr.vringState(3, 0)));
        assertEquals(-Errno.ENOTTY, f.fd.ioctl(unknown, UserPtr.vringState(0, 0)));
        assertEquals(-Errno.ENOTTY, f.fd.ioctl(0x5401, UserPtr.vringState(2, 0))); // TCGETS, not a vhost request
        assertEquals(before, f.state());
    }

    // ---- overflowing UPDATE range ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    @DisplayName("vhost_vdpa_process_iotlb_update: iova + size - 1 overflows -> -EINVAL, seen as -EFAULT (every version)")
    void overflowingUpdate(ParentDriver driver, KernelProfile profile) {
        Fixture f = mapped(driver, profile);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, -0x1000L, 0x2000, RAM, RW));
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, 0x1000, -0x1000L + 1, RAM, RW));
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, -1L, -1L, RAM, RW));
        assertEquals(before, f.state());
    }

    @Test
    @DisplayName("vhost_vdpa_process_iotlb_update: a range ending exactly at U64_MAX is not an overflow (every version)")
    void updateEndingAtU64Max() {
        Fixture f = mapped(VDPA_SIM, V6_7);
        assertEquals(MSG_SIZE, f.fd.iotlbUpdate(0, -0x1000L, 0x1000, RAM + 0x20000, RW));
        assertEquals(-1L, f.dev.iotlb(0).get(1).last());
    }

    // ---- UPDATE size 0 ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    @DisplayName("vhost_chr_write_iter: UPDATE size 0 -> -EINVAL directly, not -EFAULT; no AS allocated (C-1)")
    void updateSizeZero(ParentDriver driver, KernelProfile profile) {
        Fixture f = Fixture.owned(driver, profile, MSG_V2 | ASID);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EINVAL, f.fd.iotlbUpdate(0, 0x100000, 0, RAM, RW));
        assertEquals(-Errno.EINVAL, f.fd.write(Fixture.msgV1(0x100000, 0, RAM, RW, UPDATE)));
        assertEquals(before, f.state());
        assertEquals(null, f.dev.iotlb(0));
    }

    // ---- unknown ASID ----

    static Stream<Arguments> unknownAsids() {
        return Stream.of(
                Arguments.of(VDPA_SIM, V6_6, 2), Arguments.of(VDPA_SIM, V6_7, 2),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_7, -1), // 0xffffffff, compared unsigned
                Arguments.of(VDUSE, V6_7, 1), Arguments.of(PLATFORM, V6_6, 1), Arguments.of(PLATFORM, V6_7, 1));
    }

    @ParameterizedTest(name = "{0} {1} asid {2}")
    @MethodSource("unknownAsids")
    @DisplayName("vhost_vdpa_find_alloc_as: asid >= nas -> -EINVAL, seen as -EFAULT, no AS created (every version)")
    void unknownAsid(ParentDriver driver, KernelProfile profile, int asid) {
        Fixture f = mapped(driver, profile);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(asid, 0x100000, 0x1000, RAM, RW));
        assertEquals(-Errno.EFAULT, f.fd.batchBegin(asid));
        assertEquals(-Errno.EFAULT, f.fd.iotlbInvalidate(asid, 0, 0));
        assertEquals(-Errno.EFAULT, f.fd.batchEnd(asid));
        assertEquals(before, f.state());
    }

    // ---- unsupported backend bit ----

    static Stream<Arguments> unsupportedBits() {
        return Stream.of(
                Arguments.of(VDPA_SIM, V6_6, Fixture.PERSIST), // not accepted before v6.7
                Arguments.of(VDPA_SIM, V6_6, Fixture.DESC_ASID | ASID),
                Arguments.of(VDPA_SIM, V6_7, 1L << 9),
                Arguments.of(VDUSE, V6_7, Fixture.PERSIST), // no persistent map
                Arguments.of(PLATFORM, V6_7, Fixture.SUSPEND)); // no ops->suspend
    }

    @ParameterizedTest(name = "{0} {1} 0x{2}")
    @MethodSource("unsupportedBits")
    @DisplayName("vhost_vdpa SET_BACKEND_FEATURES: unsupported bit -> -EOPNOTSUPP, acks and maps unchanged (b1)")
    void unsupportedBackendBit(ParentDriver driver, KernelProfile profile, long mask) {
        Fixture f = mapped(driver, profile);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EOPNOTSUPP, f.fd.setBackendFeatures(MSG_V2 | ASID | mask));
        assertEquals(before, f.state());
    }

    // ---- malformed writes ----

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 3, 4, 7})
    @DisplayName("vhost_chr_write_iter: fewer than 8 bytes (type/asid short) -> -EINVAL, nothing changes (C-1)")
    void shortWrite(int length) {
        for (long acked : new long[] {MSG_V2, MSG_V2 | ASID}) {
            Fixture f = mapped(VDPA_SIM, V6_7);
            assertEquals(0, f.fd.setBackendFeatures(acked));
            VhostVdpaState before = f.state();
            byte[] v2 = Arrays.copyOf(Fixture.msgV2(0, 0x200000, 0x1000, RAM, RW, UPDATE), length);
            byte[] v1 = Arrays.copyOf(Fixture.msgV1(0x200000, 0x1000, RAM, RW, UPDATE), length);
            assertEquals(-Errno.EINVAL, f.fd.write(v2), "V2, acked 0x" + Long.toHexString(acked));
            assertEquals(-Errno.EINVAL, f.fd.write(v1), "V1");
            assertEquals(before, f.state());
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {8, 16, 39})
    @DisplayName("vhost_chr_write_iter: header complete but vhost_iotlb_msg short -> -EINVAL, nothing changes (C-1)")
    void shortIotlbMsg(int length) {
        Fixture f = mapped(PLATFORM, V6_7);
        VhostVdpaState before = f.state();
        byte[] v2 = Arrays.copyOf(Fixture.msgV2(0, 0x200000, 0x1000, RAM, RW, UPDATE), length);
        assertEquals(-Errno.EINVAL, f.fd.write(v2));
        assertEquals(before, f.state());
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {0, 3, 0x100, -1})
    @DisplayName("vhost_chr_write_iter: message type other than VHOST_IOTLB_MSG(1)/_V2(2) -> -EINVAL (C-1, b4)")
    void badMessageType(int type) {
        for (ParentDriver driver : new ParentDriver[] {VDPA_SIM, VDUSE}) {
            Fixture f = mapped(driver, V6_7);
            VhostVdpaState before = f.state();
            assertEquals(-Errno.EINVAL, f.fd.write(Fixture.msg(type, 0, 0x200000, 0x1000, RAM, RW, UPDATE)));
            assertEquals(-Errno.EINVAL, f.fd.write(Fixture.msg(type, 0, 0, 0, 0, 0, INVALIDATE)));
            assertEquals(before, f.state());
        }
    }

    @ParameterizedTest(name = "iotlb type {0}")
    @ValueSource(ints = {MISS, ACCESS_FAIL, 0, 7, 0xff})
    @DisplayName("vhost_vdpa_process_iotlb_msg: MISS/ACCESS_FAIL/unknown from userspace -> -EINVAL, seen as -EFAULT (b4)")
    void badIotlbType(int iotlbType) {
        Fixture f = mapped(VDPA_SIM, V6_7);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EFAULT, f.fd.write(Fixture.msgV2(0, 0x200000, 0x1000, RAM, RW, iotlbType)));
        assertEquals(before, f.state());
    }

    @Test
    @DisplayName("vhost_vdpa_process_iotlb_msg: BATCH_BEGIN for asid >= nas during a batch -> -EFAULT, batch kept (v6.7)")
    void batchBeginBadAsidInBatch() {
        Fixture f = mapped(VDPA_SIM, V6_7);
        assertEquals(MSG_SIZE, f.fd.write(Fixture.msgV2(0, 0, 0, 0, 0, BATCH_BEGIN)));
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EFAULT, f.fd.write(Fixture.msgV2(5, 0, 0, 0, 0, BATCH_BEGIN)));
        assertEquals(before, f.state());
    }

    // ---- ioctl request numbers (b9) ----

    @Test
    @DisplayName("include/uapi/linux/vhost.h request numbers the wrappers use (b9)")
    void ioctlNumbers() {
        assertEquals(0x4008AF25, org.vdpacheck.uapi.VhostIoctl.VHOST_SET_BACKEND_FEATURES.cmd());
        assertEquals(0x8008AF26, org.vdpacheck.uapi.VhostIoctl.VHOST_GET_BACKEND_FEATURES.cmd());
        assertEquals(0x4001AF72, org.vdpacheck.uapi.VhostIoctl.VHOST_VDPA_SET_STATUS.cmd());
        assertEquals(0x4008AF75, org.vdpacheck.uapi.VhostIoctl.VHOST_VDPA_SET_VRING_ENABLE.cmd());
        assertEquals(0xC008AF7B, org.vdpacheck.uapi.VhostIoctl.VHOST_VDPA_GET_VRING_GROUP.cmd());
        assertEquals(0x4008AF7C, org.vdpacheck.uapi.VhostIoctl.VHOST_VDPA_SET_GROUP_ASID.cmd());
        assertEquals(0x0000AF7D, org.vdpacheck.uapi.VhostIoctl.VHOST_VDPA_SUSPEND.cmd());
        assertEquals(0x0000AF7E, org.vdpacheck.uapi.VhostIoctl.VHOST_VDPA_RESUME.cmd());
        assertEquals(0x0000AF01, org.vdpacheck.uapi.VhostIoctl.VHOST_SET_OWNER.cmd());
    }
}
