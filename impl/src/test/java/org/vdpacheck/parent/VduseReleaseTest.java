package org.vdpacheck.parent;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdpacheck.client.GuestMemory;
import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.vhost.VhostVdpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The finding kernel-semantics.md (f) 6 infers and e3 lists: VDUSE has no .reset_map, and
 * vhost_vdpa_cleanup() makes no device call for a set_map parent, so after release the VDUSE
 * domain still holds the last table it was given, with its file references: the daemon could
 * still reach the released process's memory (VDUSE_IOTLB_GET_FD). Every kernel profile.
 */
class VduseReleaseTest {
    static Iterable<KernelProfile> profiles() {
        return KernelProfile.named();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    @DisplayName("vhost_vdpa_remove_as on VDUSE: the last set_map snapshot survives release")
    void lastSnapshotSurvivesRelease(KernelProfile profile) {
        Vduse vduse = new Vduse(profile);
        VhostVdpa dev = VhostVdpa.bind(vduse);
        Mm qemu = GuestMemory.SMALL.newProcess("qemu");
        VhostVdpaFd fd = VhostVdpaFd.open(dev, qemu);
        fd.setOwner();
        long uaddr = GuestMemory.SMALL.hva();
        assertEquals(72, fd.iotlbUpdate(0, 0x1000, 0x1000, uaddr, VhostAccess.RW));
        fd.close();
        assertEquals(new Translation.Mapped(uaddr), vduse.dma(0, 0x1000, Access.READ));
    }
}
