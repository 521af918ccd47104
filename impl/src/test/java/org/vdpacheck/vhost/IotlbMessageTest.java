package org.vdpacheck.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdpacheck.kernel.KernelProfile.V6_6;
import static org.vdpacheck.kernel.KernelProfile.V6_7;
import static org.vdpacheck.parent.ParentDriver.PLATFORM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM_DMA_MAP;
import static org.vdpacheck.parent.ParentDriver.VDUSE;
import static org.vdpacheck.vhost.Fixture.ASID;
import static org.vdpacheck.vhost.Fixture.MSG_SIZE;
import static org.vdpacheck.vhost.Fixture.MSG_V2;
import static org.vdpacheck.vhost.Fixture.RAM;
import static org.vdpacheck.vhost.Fixture.RO;
import static org.vdpacheck.vhost.Fixture.RW;
import static org.vdpacheck.vhost.Fixture.UPDATE;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.Errno;

/** IOTLB messages on write(2): kernel-semantics.md (b4), C-1, C-11, d2 UPDATE/INVALIDATE/BATCH rows. */
class IotlbMessageTest {
    /** The parents in scope (mlx5 is being revised and is left out on purpose). */
    static Stream<Arguments> parents() {
        // Same in every version (b4): all four at v6.7, plus vdpa_sim at v6.6 whose device starts differently.
        return Stream.of(Arguments.of(VDPA_SIM, V6_6), Arguments.of(VDPA_SIM, V6_7),
                Arguments.of(VDPA_SIM_DMA_MAP, V6_7), Arguments.of(VDUSE, V6_7), Arguments.of(PLATFORM, V6_7));
    }

    private static long bytes(long kib) {
        return kib << 10;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("parents")
    @DisplayName("vhost_vdpa_process_iotlb_update: write() returns sizeof(vhost_msg_v2); vhost and device see the map (every version)")
    void updateMapsBothSides(ParentDriver driver, KernelProfile profile) {
        Fixture f = Fixture.owned(driver, profile);
        assertNull(f.dev.iotlb(0), "no AS before the first UPDATE (b7)");
        assertEquals(MSG_SIZE, f.fd.iotlbUpdate(0, 0x100000, bytes(64), RAM + 0x1000, RW));
        List<IotlbMap> entries = f.dev.iotlb(0);
        assertEquals(1, entries.size());
        assertEquals(0x100000, entries.get(0).start());
        assertEquals(0x100000 + bytes(64) - 1, entries.get(0).last());
        assertEquals(RAM + 0x1000, entries.get(0).addr());
        assertEquals(RW, entries.get(0).perm());
        assertEquals(new Translation.Mapped(RAM + 0x1000 + 0x123), f.parent.dma(0, 0x100123, Access.WRITE));
        // The 1:1 default (vdpa_sim) is gone once userspace maps: an unmapped IOVA faults.
        assertTrue(f.parent.dma(0, 0x900000, Access.READ).isFault());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("parents")
    @DisplayName("vhost_vdpa_process_iotlb_update: any overlap -> -EEXIST, seen as -EFAULT, nothing changes (every version)")
    void overlapIsRefused(ParentDriver driver, KernelProfile profile) {
        Fixture f = Fixture.owned(driver, profile);
        f.map(0, 0x100000, bytes(64), 0);
        VhostVdpaState before = f.state();
        // exact duplicate, partial overlap at either end, strictly inside, enclosing
        long[][] ranges = {{0x100000, bytes(64)}, {0x0ff000, bytes(8)}, {0x10f000, bytes(8)},
            {0x104000, bytes(4)}, {0x0f0000, bytes(256)}};
        for (long[] r : ranges) {
            assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, r[0], r[1], RAM + bytes(512), RW),
                    () -> String.format("UPDATE 0x%x+0x%x", r[0], r[1]));
        }
        assertEquals(before, f.state());
        // Adjacent on both sides is not an overlap.
        f.map(0, 0x110000, bytes(4), bytes(512));
        f.map(0, 0x0ff000, bytes(4), bytes(1024));
        assertEquals(3, f.dev.iotlb(0).size());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("parents")
    @DisplayName("vhost_vdpa_unmap: INVALIDATE removes every whole overlapping entry, no splitting (every version)")
    void invalidateRemovesWholeEntries(ParentDriver driver, KernelProfile profile) {
        Fixture f = Fixture.owned(driver, profile);
        f.map(0, 0x100000, bytes(64), 0);
        f.map(0, 0x110000, bytes(64), bytes(64));
        f.map(0, 0x200000, bytes(4), bytes(256));
        // One byte-page inside the first entry and one touching the second: both go whole.
        assertEquals(MSG_SIZE, f.fd.iotlbInvalidate(0, 0x10f000, bytes(8)));
        List<IotlbMap> left = f.dev.iotlb(0);
        assertEquals(1, left.size());
        assertEquals(0x200000, left.get(0).start());
        assertTrue(f.parent.dma(0, 0x100000, Access.READ).isFault());
        assertTrue(f.parent.dma(0, 0x11ffff, Access.READ).isFault());
        assertEquals(new Translation.Mapped(RAM + bytes(256)), f.parent.dma(0, 0x200000, Access.READ));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("parents")
    @DisplayName("vhost_vdpa_unmap: INVALIDATE of an unmapped range succeeds and changes nothing (every version)")
    void invalidateUnmappedIsNoop(ParentDriver driver, KernelProfile profile) {
        Fixture f = Fixture.owned(driver, profile);
        f.map(0, 0x100000, bytes(64), 0);
        VhostVdpaState before = f.state();
        assertEquals(MSG_SIZE, f.fd.iotlbInvalidate(0, 0x800000, bytes(64)));
        assertEquals(before, f.state());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("parents")
    @DisplayName("vhost_vdpa_unmap: INVALIDATE iova=0 size=0 wipes the whole ASID (C-11, 612:vdpa.c:1035)")
    void invalidateZeroZeroWipes(ParentDriver driver, KernelProfile profile) {
        Fixture f = Fixture.owned(driver, profile);
        f.map(0, 0x100000, bytes(64), 0);
        f.map(0, 0x300000, bytes(64), bytes(64));
        assertEquals(MSG_SIZE, f.fd.iotlbInvalidate(0, 0, 0));
        assertEquals(List.of(), f.dev.iotlb(0));
        assertTrue(f.parent.dma(0, 0x300000, Access.READ).isFault());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("parents")
    @DisplayName("vhost_vdpa_process_iotlb_msg: INVALIDATE / BATCH_END on an ASID without AS -> -EINVAL, seen as -EFAULT")
    void messageWithoutAs(ParentDriver driver, KernelProfile profile) {
        Fixture f = Fixture.owned(driver, profile);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EFAULT, f.fd.iotlbInvalidate(0, 0x100000, bytes(4)));
        assertEquals(-Errno.EFAULT, f.fd.batchEnd(0));
        assertEquals(before, f.state());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP", "VDUSE", "PLATFORM"})
    @DisplayName("vhost_vdpa_map: RO entry -> device read ok, write faults (every version, b4.6)")
    void readOnlyPermission(ParentDriver driver) {
        Fixture f = Fixture.owned(driver, V6_7);
        assertEquals(MSG_SIZE, f.fd.iotlbUpdate(0, 0x100000, bytes(4), RAM, RO));
        assertEquals(new Translation.Mapped(RAM + 8), f.parent.dma(0, 0x100008, Access.READ));
        assertTrue(f.parent.dma(0, 0x100008, Access.WRITE).isFault());
    }

    static Stream<Arguments> batchCases() {
        // parent, whether the device map lags until BATCH_END (only set_map parents defer)
        return Stream.of(Arguments.of(VDPA_SIM, true), Arguments.of(VDUSE, true),
                Arguments.of(VDPA_SIM_DMA_MAP, false), Arguments.of(PLATFORM, false));
    }

    @ParameterizedTest(name = "{0} deferred={1}")
    @MethodSource("batchCases")
    @DisplayName("vhost_vdpa_process_iotlb_msg BATCH_BEGIN/END: defers only set_map, IOTLB_BATCH ack not needed (v6.7, b4, d3.6)")
    void batchDefersOnlySetMap(ParentDriver driver, boolean deferred) {
        Fixture f = Fixture.owned(driver, V6_7); // IOTLB_BATCH deliberately not acked
        DeviceMap initial = f.parent.currentMap(0);
        assertEquals(MSG_SIZE, f.fd.batchBegin(0));
        assertTrue(f.state().inBatch());
        assertNotNull(f.dev.iotlb(0), "BATCH_BEGIN allocates the AS");
        f.map(0, 0x100000, bytes(64), 0);
        assertEquals(1, f.dev.iotlb(0).size(), "the vhost IOTLB changes at once");
        if (deferred) {
            assertEquals(initial, f.parent.currentMap(0));
        } else {
            assertEquals(new Translation.Mapped(RAM), f.parent.dma(0, 0x100000, Access.WRITE));
        }
        assertEquals(MSG_SIZE, f.fd.batchEnd(0));
        assertEquals(false, f.state().inBatch());
        assertEquals(new Translation.Mapped(RAM), f.parent.dma(0, 0x100000, Access.WRITE));
    }

    @Test
    @DisplayName("vhost_vdpa_process_iotlb_msg: INVALIDATE inside a batch is deferred on set_map parents (v6.7)")
    void invalidateDeferredInBatch() {
        Fixture f = Fixture.owned(VDPA_SIM, V6_7);
        f.map(0, 0x100000, bytes(64), 0);
        assertEquals(MSG_SIZE, f.fd.batchBegin(0));
        assertEquals(MSG_SIZE, f.fd.iotlbInvalidate(0, 0x100000, bytes(64)));
        assertEquals(new Translation.Mapped(RAM), f.parent.dma(0, 0x100000, Access.WRITE));
        assertEquals(MSG_SIZE, f.fd.batchEnd(0));
        assertTrue(f.parent.dma(0, 0x100000, Access.WRITE).isFault());
    }

    @Test
    @DisplayName("vhost_vdpa_process_iotlb_msg: BATCH_END without BEGIN on an existing AS is a no-op (v6.7)")
    void batchEndWithoutBegin() {
        Fixture f = Fixture.owned(VDPA_SIM, V6_7);
        f.map(0, 0x100000, bytes(64), 0);
        VhostVdpaState before = f.state();
        assertEquals(MSG_SIZE, f.fd.batchEnd(0));
        assertEquals(before, f.state());
    }

    @Test
    @DisplayName("vhost_vdpa_process_iotlb_msg: message for another ASID during a batch -> -EINVAL, seen as -EFAULT (v6.7)")
    void otherAsidDuringBatch() {
        Fixture f = Fixture.owned(VDPA_SIM, V6_7, MSG_V2 | ASID);
        f.map(1, 0x100000, bytes(4), 0);
        assertEquals(MSG_SIZE, f.fd.batchBegin(0));
        assertEquals(-Errno.EFAULT, f.fd.iotlbInvalidate(1, 0x100000, bytes(4)));
        assertEquals(-Errno.EFAULT, f.fd.batchEnd(1));
        assertEquals(1, f.dev.iotlb(1).size());
        assertTrue(f.state().inBatch());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profilesForAsid")
    @DisplayName("vhost_chr_write_iter: V2 asid read only with IOTLB_ASID acked, else asid 0 (v6.6, v6.7, b4, d3.6)")
    void asidFieldNeedsAck(KernelProfile profile) {
        Fixture f = Fixture.owned(VDPA_SIM, profile);
        assertEquals(MSG_SIZE, f.fd.iotlbUpdate(1, 0x100000, bytes(4), RAM, RW));
        assertNotNull(f.dev.iotlb(0));
        assertNull(f.dev.iotlb(1));
        assertEquals(0, f.fd.setBackendFeatures(MSG_V2 | ASID));
        assertEquals(MSG_SIZE, f.fd.iotlbUpdate(1, 0x100000, bytes(4), RAM, RW));
        assertEquals(1, f.dev.iotlb(1).size());
        assertEquals(new Translation.Mapped(RAM), f.parent.dma(1, 0x100000, Access.WRITE));
    }

    static Stream<KernelProfile> profilesForAsid() {
        return Stream.of(V6_6, V6_7);
    }

    @Test
    @DisplayName("vhost_chr_write_iter: a V1 struct vhost_msg UPDATE maps into ASID 0 (every version)")
    void v1Message() {
        Fixture f = Fixture.owned(PLATFORM, V6_7, MSG_V2 | ASID);
        assertEquals(MSG_SIZE, f.fd.write(Fixture.msgV1(0x100000, bytes(4), RAM, RW, UPDATE)));
        assertEquals(1, f.dev.iotlb(0).size());
        assertEquals(new Translation.Mapped(RAM), f.parent.dma(0, 0x100000, Access.WRITE));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDUSE"})
    @DisplayName("vhost_vdpa_va_map: use_va parent silently skips a private anonymous VMA (C-11, C-2 use_va)")
    void vaPathSkipsAnonymous(ParentDriver driver) {
        Mm mm = Fixture.qemuMm().mmap(new Vma(0x10000000L, 0x10100000L, false, false, true, 4096));
        var parent = driver.create(V6_7);
        var dev = VhostVdpa.bind(parent);
        var fd = org.vdpacheck.client.VhostVdpaFd.open(dev, mm);
        assertEquals(0, fd.setOwner());
        assertEquals(MSG_SIZE, fd.iotlbUpdate(0, 0x100000, bytes(64), 0x10000000L, RW));
        assertEquals(List.of(), dev.iotlb(0));
    }

    @Test
    @DisplayName("vhost_vdpa_pa_map: platform parent pins anonymous memory and charges pinned_vm (every version, b4)")
    void paPathPinsAnonymous() {
        Mm mm = Fixture.qemuMm().mmap(new Vma(0x10000000L, 0x10100000L, false, false, true, 4096));
        var parent = PLATFORM.create(V6_7);
        var dev = VhostVdpa.bind(parent);
        var fd = org.vdpacheck.client.VhostVdpaFd.open(dev, mm);
        assertEquals(0, fd.setOwner());
        assertEquals(MSG_SIZE, fd.iotlbUpdate(0, 0x100000, bytes(8), 0x10000000L, RW));
        assertEquals(new Translation.Mapped(0x10001004L), parent.dma(0, 0x101004, Access.WRITE));
        assertEquals(2, mm.pinnedVm());
        assertEquals(MSG_SIZE, fd.iotlbInvalidate(0, 0x100000, bytes(8)));
        assertEquals(0, mm.pinnedVm());
    }

    @Test
    @DisplayName("vhost_vdpa_pa_map: over RLIMIT_MEMLOCK -> -ENOMEM, seen as -EFAULT; nothing mapped (every version)")
    void paPathMemlock() {
        Fixture f = Fixture.owned(PLATFORM, V6_7);
        f.map(0, 0x0, bytes(4), 0);
        f.qemu.setMemlockLimit(bytes(8));
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, 0x100000, bytes(8), RAM + bytes(64), RW));
        assertEquals(before, f.state());
        assertEquals(1, f.qemu.pinnedVm());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDUSE", "PLATFORM"})
    @DisplayName("vhost_vdpa_va_map (find_vma NULL -> -EINVAL) / pa_map (pin fails): uaddr above every VMA -> -EFAULT, rolled back")
    void updateAboveAllVmas(ParentDriver driver) {
        Fixture f = Fixture.owned(driver, V6_7);
        f.map(0, 0x0, bytes(4), 0);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, 0x100000, bytes(8), RAM + Fixture.RAM_SIZE, RW));
        assertEquals(before, f.state());
    }

    @Test
    @DisplayName("vhost_vdpa_pa_map: pin_user_pages of a hole below the VMA fails -> -EFAULT, rolled back (every version)")
    void paUpdateOfHole() {
        Fixture f = Fixture.owned(PLATFORM, V6_7);
        f.map(0, 0x0, bytes(4), 0);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, 0x100000, bytes(8), 0x1000, RW));
        assertEquals(before, f.state());
        assertEquals(1, f.qemu.pinnedVm());
    }

    @Test
    @DisplayName("vhost_vdpa_pa_map: a user range ending at 2^64 has no VMA -> -EFAULT, rolled back (every version)")
    void paUpdateOfTopOfAddressSpace() {
        Fixture f = Fixture.owned(PLATFORM, V6_7);
        f.map(0, 0x0, bytes(4), 0);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, 0x100000, 0x2000, -0x2000L, RO));
        assertEquals(before, f.state());
        assertEquals(1, f.qemu.pinnedVm());
    }

    @Test
    @DisplayName("vhost_vdpa_process_iotlb_msg: a refused UPDATE still allocates its AS first (b4 step 3, every version)")
    void failedUpdateAllocatesAs() {
        Fixture f = Fixture.owned(VDPA_SIM, V6_7);
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, -0x1000L, bytes(8), RAM, RW)); // overflowing range
        assertEquals(List.of(), f.dev.iotlb(0));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP", "VDUSE", "PLATFORM"})
    @DisplayName("vhost_vdpa_process_iotlb_msg: not the owner -> -EPERM, seen as -EFAULT (every version)")
    void iotlbNeedsOwner(ParentDriver driver) {
        Fixture f = Fixture.open(driver, V6_7);
        VhostVdpaState before = f.state();
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, 0x100000, bytes(4), RAM, RW));
        assertEquals(-Errno.EFAULT, f.fd.batchBegin(0));
        assertEquals(before, f.state());
        assertEquals(0, f.fd.setOwner());
        Mm other = Fixture.qemuMm();
        assertEquals(-Errno.EFAULT, f.dev.write(other, Fixture.msgV2(0, 0x100000, bytes(4), RAM, RW, UPDATE)));
        assertEquals(before, f.state());
    }
}
