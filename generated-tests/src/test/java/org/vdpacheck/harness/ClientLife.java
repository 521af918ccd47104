package org.vdpacheck.harness;

import org.vdpacheck.client.ClientKind;
import org.vdpacheck.client.GuestMemory;
import org.vdpacheck.client.UserspaceClient;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.vhost.VhostVdpa;

/**
 * A VM life of one of impl/'s userspace clients, as the audit's client cells mean it: boot,
 * the guest starts the device, a guest reset, the guest starts it again, the process exits.
 * After each start the device's DMA must reach every mapping the client believes it made
 * (first and last byte, with the access its permission allows), and guest packets must go
 * round the rings the client set up ({@link ClientTraffic}).
 */
public final class ClientLife {
    /** What {@link #run} answers when every belief held. */
    public static final String HELD = "every belief held";

    private ClientLife() {
    }

    /**
     * What a life showed: the backend features the client acked last, and {@link #HELD} or the
     * beliefs the device did not bear out, with the client's calls.
     */
    public record Life(long acked, String beliefs) {
    }

    public static Life run(String client, String kernel, ParentDriver parent) {
        ClientKind kind = ClientKind.byId(client).orElseThrow(() -> new IllegalArgumentException("no client " + client));
        KernelProfile profile = KernelProfile.byName(kernel)
                .orElseThrow(() -> new IllegalArgumentException("impl/ has no kernel " + kernel));
        ParentDevice vdpa = parent.create(profile);
        UserspaceClient c = kind.create(VhostVdpa.bind(vdpa), GuestMemory.SMALL);
        c.boot();
        c.start();
        if (c.believed().isEmpty()) {
            return new Life(c.acked(), "the client mapped nothing: " + c.calls());
        }
        StringBuilder lost = new StringBuilder();
        lost.append(lost(c, vdpa, "after the first start"));
        c.guestReset();
        c.start();
        lost.append(lost(c, vdpa, "after a guest reset and start"));
        c.exit();
        return new Life(c.acked(), lost.isEmpty() ? HELD : lost + "calls " + c.calls());
    }

    private static String lost(UserspaceClient c, ParentDevice vdpa, String when) {
        String unreachable = c.unreachable().isEmpty() ? ""
                : "the device does not reach " + c.unreachable() + "; ";
        String traffic = ClientTraffic.disagreements(c, vdpa, GuestMemory.SMALL);
        return unreachable.isEmpty() && traffic.isEmpty() ? "" : when + ", " + unreachable + traffic;
    }
}
