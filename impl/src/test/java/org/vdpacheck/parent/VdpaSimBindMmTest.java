package org.vdpacheck.parent;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.vdpacheck.client.GuestMemory;
import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.kernel.KernelChange;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.vhost.VhostVdpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** vhost_vdpa_bind_mm()/unbind_mm(): SET_OWNER binds the owner's mm to vdpa_sim (use_va), release unbinds. */
class VdpaSimBindMmTest {
    private static VdpaSim bindAndRelease(KernelProfile profile, boolean useVa, Mm[] seen) {
        VdpaSim sim = new VdpaSim(profile, true, useVa);
        Mm qemu = GuestMemory.SMALL.newProcess("qemu");
        VhostVdpaFd fd = VhostVdpaFd.open(VhostVdpa.bind(sim), qemu);
        assertEquals(0, fd.setOwner());
        seen[0] = qemu;
        seen[1] = sim.mmBound();
        fd.close();
        return sim;
    }

    @Test
    @DisplayName("use_va vdpa_sim: bound at SET_OWNER, unbound at release (v6.6+)")
    void boundWhileOwned() {
        Mm[] seen = new Mm[2];
        VdpaSim sim = bindAndRelease(KernelProfile.V6_7, true, seen);
        assertSame(seen[0], seen[1]);
        assertNull(sim.mmBound());
    }

    @Test
    @DisplayName("vdpa_sim with use_va=0 is never bound: the PA path pins pages instead")
    void paPathNeverBinds() {
        Mm[] seen = new Mm[2];
        bindAndRelease(KernelProfile.V6_7, false, seen);
        assertNull(seen[1]);
    }

    @Test
    @DisplayName("a kernel without bind_mm (6.1) never calls it")
    void kernelWithoutBindMm() {
        Mm[] seen = new Mm[2];
        bindAndRelease(KernelProfile.V6_6.without(KernelChange.BIND_MM), true, seen);
        assertNull(seen[1]);
    }
}
