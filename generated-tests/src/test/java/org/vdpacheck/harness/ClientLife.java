package org.vdpacheck.harness;

import java.util.ArrayList;
import java.util.List;

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
    private static final GuestMemory DIMMS = dimms();

    private ClientLife() {
    }

    /**
     * What a life showed: the backend features the client acked last, and {@link #HELD} or the
     * beliefs the device did not bear out, with the client's calls.
     */
    public record Life(long acked, String beliefs) {
    }

    /**
     * The same life on two guests: an x86 board's two RAM sections, and one with 16 DIMMs plugged
     * after its low RAM (scaled down to 128 KiB each), whose 17 sections are 17 IOTLB entries, more
     * than impl/'s VhostIotlb array starts with room for. The spec's verdict is about any RAM a
     * client maps.
     */
    public static Life run(String client, String kernel, ParentDriver parent) {
        ClientKind kind = ClientKind.byId(client).orElseThrow(() -> new IllegalArgumentException("no client " + client));
        KernelProfile profile = KernelProfile.byName(kernel)
                .orElseThrow(() -> new IllegalArgumentException("impl/ has no kernel " + kernel));
        Life small = life(kind, parent.create(profile), GuestMemory.SMALL);
        Life dimms = life(kind, parent.create(profile), DIMMS);
        if (small.acked() != dimms.acked()) {
            throw new AssertionError(client + " acked 0x" + Long.toHexString(small.acked())
                    + " with two RAM sections but 0x" + Long.toHexString(dimms.acked()) + " with DIMMs");
        }
        return small.beliefs().equals(HELD) ? dimms : small;
    }

    private static GuestMemory dimms() {
        List<GuestMemory.Section> sections = new ArrayList<>();
        sections.add(GuestMemory.SMALL.sections().get(0));
        for (int i = 0; i < 16; i++) {
            sections.add(new GuestMemory.Section((4L << 20) + (0x30000L * i), 0x20000));
        }
        return new GuestMemory(GuestMemory.SMALL.hva(), sections);
    }

    private static Life life(ClientKind kind, ParentDevice vdpa, GuestMemory ram) {
        UserspaceClient c = kind.create(VhostVdpa.bind(vdpa), ram);
        c.boot();
        c.start();
        if (c.believed().isEmpty()) {
            return new Life(c.acked(), "the client mapped nothing: " + c.calls());
        }
        StringBuilder lost = new StringBuilder();
        lost.append(lost(c, vdpa, ram, "after the first start"));
        c.guestReset();
        c.start();
        lost.append(lost(c, vdpa, ram, "after a guest reset and start"));
        c.exit();
        return new Life(c.acked(), lost.isEmpty() ? HELD : lost + "calls " + c.calls());
    }

    private static String lost(UserspaceClient c, ParentDevice vdpa, GuestMemory ram, String when) {
        String unreachable = c.unreachable().isEmpty() ? ""
                : "the device does not reach " + c.unreachable() + "; ";
        String traffic = ClientTraffic.disagreements(c, vdpa, ram);
        return unreachable.isEmpty() && traffic.isEmpty() ? "" : when + ", " + unreachable + traffic;
    }
}
