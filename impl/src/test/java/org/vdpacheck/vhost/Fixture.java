package org.vdpacheck.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;

/**
 * One vDPA device bound to vhost-vdpa and opened by a "qemu" process with 4 MiB of shared,
 * file-backed guest RAM. The uapi constants below are written out from kernel-semantics.md (a),
 * (b9), not taken from the implementation, so a wrong constant there makes tests fail.
 */
final class Fixture {
    static final long RAM = 0x7f0000000000L;
    static final long RAM_SIZE = 4L << 20;

    /** sizeof(struct vhost_msg) == sizeof(struct vhost_msg_v2) on x86-64: what a good write() returns. */
    static final long MSG_SIZE = 72;

    // VHOST_BACKEND_F_* are bit numbers (kernel-semantics.md (a)); SET/GET exchange BIT_ULL masks.
    static final long MSG_V2 = 1L << 0x1;
    static final long BATCH = 1L << 0x2;
    static final long ASID = 1L << 0x3;
    static final long SUSPEND = 1L << 0x4;
    static final long RESUME = 1L << 0x5;
    static final long ENABLE_AFTER_DRIVER_OK = 1L << 0x6;
    static final long DESC_ASID = 1L << 0x7;
    static final long PERSIST = 1L << 0x8;

    // struct vhost_msg / vhost_msg_v2 type, and vhost_iotlb_msg.type.
    static final int VHOST_IOTLB_MSG = 1;
    static final int VHOST_IOTLB_MSG_V2 = 2;
    static final int MISS = 1;
    static final int UPDATE = 2;
    static final int INVALIDATE = 3;
    static final int ACCESS_FAIL = 4;
    static final int BATCH_BEGIN = 5;
    static final int BATCH_END = 6;
    static final int RO = 1;
    static final int WO = 2;
    static final int RW = 3;

    // VIRTIO_CONFIG_S_*.
    static final int ACKNOWLEDGE = 0x1;
    static final int DRIVER = 0x2;
    static final int DRIVER_OK = 0x4;
    static final int FEATURES_OK = 0x8;

    final ParentDriver driver;
    final KernelProfile profile;
    final ParentDevice parent;
    final VhostVdpa dev;
    final Mm qemu;
    final VhostVdpaFd fd;

    private Fixture(ParentDriver driver, KernelProfile profile, ParentDevice parent, Mm qemu) {
        this.driver = driver;
        this.profile = profile;
        this.parent = parent;
        this.dev = VhostVdpa.bind(parent);
        this.qemu = qemu;
        this.fd = VhostVdpaFd.open(dev, qemu);
        assertNotNull(fd, "open(2) of /dev/vhost-vdpa-0 failed");
    }

    static Mm qemuMm() {
        return new Mm("qemu").mmap(Vma.guestRam(RAM, RAM_SIZE));
    }

    /** Opened, not owned. */
    static Fixture open(ParentDriver driver, KernelProfile profile) {
        return new Fixture(driver, profile, driver.create(profile), qemuMm());
    }

    /** Opened and VHOST_SET_OWNER done. */
    static Fixture owned(ParentDriver driver, KernelProfile profile) {
        Fixture f = open(driver, profile);
        assertEquals(0, f.fd.setOwner(), "VHOST_SET_OWNER");
        return f;
    }

    /** Owned, with the given backend features acked. */
    static Fixture owned(ParentDriver driver, KernelProfile profile, long backendFeatures) {
        Fixture f = owned(driver, profile);
        assertEquals(0, f.fd.setBackendFeatures(backendFeatures), "VHOST_SET_BACKEND_FEATURES");
        return f;
    }

    /** A successful UPDATE of guest RAM at offset {@code ramOffset}, read-write. */
    void map(int asid, long iova, long size, long ramOffset) {
        assertEquals(MSG_SIZE, fd.iotlbUpdate(asid, iova, size, RAM + ramOffset, RW), "UPDATE");
    }

    /** ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK, one bit at a time. */
    void driverOk() {
        int s = 0;
        for (int bit : new int[] {ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK}) {
            s |= bit;
            assertEquals(0, fd.setStatus(s), "SET_STATUS " + s);
        }
    }

    VhostVdpaState state() {
        return dev.state();
    }

    /** struct vhost_msg_v2 {u32 type; u32 asid; struct vhost_iotlb_msg iotlb; pad to 64}, little-endian. */
    static byte[] msgV2(int asid, long iova, long size, long uaddr, int perm, int iotlbType) {
        return msg(VHOST_IOTLB_MSG_V2, asid, iova, size, uaddr, perm, iotlbType);
    }

    /** struct vhost_msg {int type; (4 bytes hole) struct vhost_iotlb_msg iotlb; pad to 64}. */
    static byte[] msgV1(long iova, long size, long uaddr, int perm, int iotlbType) {
        return msg(VHOST_IOTLB_MSG, 0, iova, size, uaddr, perm, iotlbType);
    }

    static byte[] msg(int type, int asid, long iova, long size, long uaddr, int perm, int iotlbType) {
        ByteBuffer b = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, type);
        b.putInt(4, asid);
        b.putLong(8, iova);
        b.putLong(16, size);
        b.putLong(24, uaddr);
        b.put(32, (byte) perm);
        b.put(33, (byte) iotlbType);
        return b.array();
    }

    /** _IOC(dir, 0xAF, nr, size) (include/uapi/asm-generic/ioctl.h). */
    static int ioc(int dir, int nr, int size) {
        return (dir << 30) | (size << 16) | (0xAF << 8) | nr;
    }

    @Override
    public String toString() {
        return driver + "@" + profile;
    }
}
