package org.vdpacheck.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.vdpacheck.client.Call;
import org.vdpacheck.client.ClientKind;
import org.vdpacheck.client.Dpdk;
import org.vdpacheck.client.GuestMemory;
import org.vdpacheck.client.Mapping;
import org.vdpacheck.client.Qemu;
import org.vdpacheck.client.UserspaceClient;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.vdpa.VdpaOp;
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
    /** The control vq of a net device with one queue pair. */
    private static final int CVQ = 2;
    private static final GuestMemory DIMMS = dimms();

    private ClientLife() {
    }

    /**
     * What a life showed: the backend features the client acked last; {@link #HELD} or the
     * beliefs the device did not bear out, with the client's calls; what was not a VM's life
     * ("" if it was: the guest reset left the device below FEATURES_OK, each start reached
     * FEATURES_OK|DRIVER_OK with VERSION_1 and ACCESS_PLATFORM, the second with ACKNOWLEDGE|DRIVER
     * too, no call refused but as the probe expects, every accepted IOTLB write whole, RAM writes
     * batched exactly while IOTLB_BATCH is acked, FEATURES_OK set only after SET_FEATURES, exit left
     * nothing believed), kept
     * apart so that a refuted cell cannot pass on it; and, from the calls, how client.als
     * classifies the client: whether the CVQ isolation probe (a SET_STATUS 0 before the first
     * start) ran, whether RAM was first mapped in the first start with the status at FEATURES_OK
     * (mayMapNow), whether before the probe, and whether after the guest reset all of RAM was
     * invalidated and mapped again; and, from the device, whether each start left the shadow CVQ in
     * ASID 1, and whether the first start ran it without ACKNOWLEDGE|DRIVER.
     */
    public record Life(long acked, String beliefs, String protocol, boolean probed, boolean mappedInStart,
            boolean mappedBeforeProbe, boolean remapped, boolean shadowCvq, boolean skippedAckDriver) {
    }

    /**
     * The same life on two guests: an x86 board's two RAM sections, and one with 16 DIMMs plugged
     * after its low RAM (scaled down to 128 KiB each), whose 17 sections are 17 IOTLB entries, more
     * than impl/'s VhostIotlb array starts with room for. QEMU places DIMMs back to back in guest
     * physical memory (memory_device_get_free_addr(): the lowest free address at the backend's
     * alignment), each with a memory backend of its own, so here neighbours in GPA are not
     * neighbours in the VMM's memory: a guest buffer across two DIMMs is two pieces for the device.
     * The spec's verdict is about any RAM a client maps.
     */
    public static Life run(String client, String kernel, ParentDriver parent) {
        ClientKind kind = ClientKind.byId(client).orElseThrow(() -> new IllegalArgumentException("no client " + client));
        KernelProfile profile = KernelProfile.byName(kernel)
                .orElseThrow(() -> new IllegalArgumentException("impl/ has no kernel " + kernel));
        Life small = life(kind, parent.create(profile), GuestMemory.SMALL);
        Life dimms = life(kind, parent.create(profile), DIMMS);
        if (!shape(small).equals(shape(dimms))) {
            throw new AssertionError(client + " lived differently with two RAM sections (" + small
                    + ") and with DIMMs (" + dimms + ")");
        }
        return small.beliefs().equals(HELD) && small.protocol().isEmpty() ? dimms : small;
    }

    /** What a life must show whatever the guest's RAM layout. */
    private static List<Object> shape(Life l) {
        return List.of(l.acked(), l.probed(), l.mappedInStart(), l.mappedBeforeProbe(), l.remapped(), l.shadowCvq(),
                l.skippedAckDriver());
    }

    private static GuestMemory dimms() {
        List<GuestMemory.Section> sections = new ArrayList<>();
        sections.add(GuestMemory.SMALL.sections().get(0));
        for (int i = 0; i < 16; i++) {
            sections.add(new GuestMemory.Section((4L << 20) + (0x20000L * i), 0x20000, (8L << 20) + (0x40000L * i)));
        }
        return new GuestMemory(GuestMemory.SMALL.hva(), sections);
    }

    private static Life life(ClientKind kind, ParentDevice vdpa, GuestMemory ram) {
        UserspaceClient c = kind.create(VhostVdpa.bind(vdpa), ram);
        c.boot();
        int booted = c.calls().size();
        c.start();
        int started = c.calls().size();
        StringBuilder protocol = new StringBuilder(notStarted(vdpa, "after the first start"));
        boolean shadowCvq = shadowCvq(c, vdpa, protocol, "after the first start");
        int ackDriver = vdpa.getStatus() & (Uapi.ACKNOWLEDGE | Uapi.DRIVER);
        if (ackDriver != 0 && ackDriver != (Uapi.ACKNOWLEDGE | Uapi.DRIVER)) {
            protocol.append("after the first start the device runs with one of ACKNOWLEDGE and DRIVER; ");
        }
        List<Mapping> cvqBuffers = inAsid1(c);
        StringBuilder lost = new StringBuilder(lost(c, vdpa, ram, "after the first start"));
        c.guestReset();
        if ((vdpa.getStatus() & (Uapi.FEATURES_OK | Uapi.DRIVER_OK)) != 0) {
            protocol.append("after the guest reset the device is still at status 0x")
                    .append(Integer.toHexString(vdpa.getStatus())).append("; ");
        }
        // vhost_vdpa_net_cvq_stop() unmaps the shadow CVQ's buffers at every stop: the client
        // must not believe them mapped, nor may the device still reach them (with PERSIST acked
        // the reset alone would not take them away).
        if (!inAsid1(c).isEmpty()
                || cvqBuffers.stream().anyMatch(m -> vdpa.dma(1, m.iova(), Access.READ) instanceof Translation.Mapped)) {
            protocol.append("after the guest reset the shadow CVQ's buffers are still mapped in ASID 1; ");
        }
        c.start();
        protocol.append(notStarted(vdpa, "after a guest reset and start"));
        if ((vdpa.getStatus() & (Uapi.ACKNOWLEDGE | Uapi.DRIVER)) != (Uapi.ACKNOWLEDGE | Uapi.DRIVER)) {
            protocol.append("after a guest reset and start the device runs without ACKNOWLEDGE|DRIVER; ");
        }
        if (shadowCvq(c, vdpa, protocol, "after a guest reset and start") != shadowCvq) {
            protocol.append("the shadow CVQ went to ASID 1 in one start only; ");
        }
        lost.append(lost(c, vdpa, ram, "after a guest reset and start"));
        int restarted = c.calls().size();
        lost.append(hotplug(c, vdpa, ram));
        c.exit();
        if (!c.believed().isEmpty()) {
            // client.als: a release leaves the client believing nothing mapped.
            protocol.append("after exit the client still believes ").append(c.believed()).append(" mapped; ");
        }
        List<Call> calls = c.calls();
        List<List<String>> status = statusBefore(calls);
        protocol.append(refused(calls, vdpa)).append(shortWrites(calls)).append(batching(calls))
                .append(featuresBeforeFeaturesOk(calls, status))
                .append(c instanceof Dpdk ? featuresAfterDriver(calls, status) : "")
                .append(c instanceof Qemu ? vringBasesWhileSuspended(calls) + groupsAtFeaturesOk(calls, status)
                        + cvqUnmappedStopped(calls) : "");
        int probe = first(calls, 0, booted, ClientLife::isReset);
        int map = first(calls, 0, calls.size(), ClientLife::isRamUpdate);
        int unmap = first(calls, started, restarted, ClientLife::isRamInvalidate);
        return new Life(c.acked(), lost.isEmpty() ? HELD : lost + "calls " + calls,
                protocol.isEmpty() ? "" : protocol + "calls " + calls, probe >= 0,
                map >= booted && map < started && status.get(map).contains("FEATURES_OK")
                        && !status.get(map).contains("DRIVER_OK"),
                probe >= 0 && map >= 0 && map < probe,
                unmap >= 0 && count(calls, unmap, restarted, ClientLife::isRamUpdate) >= ram.sections().size(), shadowCvq,
                ackDriver == 0);
    }

    /**
     * Whether the shadow CVQ is in ASID 1: the cvq's group bound there on the device, and the
     * client believing its buffers mapped there. One without the other is no life QEMU leads.
     */
    private static boolean shadowCvq(UserspaceClient c, ParentDevice vdpa, StringBuilder protocol, String when) {
        boolean bound = vdpa.optionalOps().contains(VdpaOp.GET_VQ_GROUP) && vdpa.groupAsid(vdpa.getVqGroup(CVQ)) == 1;
        boolean mapped = !inAsid1(c).isEmpty();
        if (bound != mapped) {
            protocol.append(when).append(bound ? ", the CVQ's group is in ASID 1 and the client believes nothing there; "
                    : ", the client believes buffers mapped in ASID 1, where the CVQ's group is not; ");
        }
        return bound && mapped;
    }

    /** What the client believes mapped in ASID 1, where only QEMU's shadow CVQ buffers go. */
    private static List<Mapping> inAsid1(UserspaceClient c) {
        return c.believed().stream().filter(m -> m.asid() == 1).toList();
    }

    private static long count(List<Call> calls, int from, int to, Predicate<Call> p) {
        return calls.subList(from, to).stream().filter(p).count();
    }

    /**
     * A DIMM in the middle of guest RAM unplugged from the running guest and plugged again: QEMU
     * unmaps its section and maps it again (Qemu.unplug()/plug()), out of IOVA order. While it is
     * out the device must not reach it, and before and after that every other belief must hold
     * as it did. Only QEMU is modelled doing this, and only the guest with DIMMs has one.
     */
    private static String hotplug(UserspaceClient c, ParentDevice vdpa, GuestMemory ram) {
        if (!(c instanceof Qemu qemu) || ram.sections().size() < 3) {
            return "";
        }
        GuestMemory.Section dimm = ram.sections().get(ram.sections().size() / 2);
        qemu.unplug(dimm);
        String wrong = believesMapped(c, dimm) ? "the client still believes the unplugged DIMM mapped; " : "";
        if (vdpa.dma(0, dimm.gpa(), Access.READ) instanceof Translation.Mapped) {
            wrong += "the device still reaches the unplugged DIMM; ";
        }
        String unplugged = wrong + lost(c, vdpa, ram, "with a DIMM unplugged");
        qemu.plug(dimm);
        String plugged = believesMapped(c, dimm) ? "" : "the client does not believe the DIMM plugged again mapped; ";
        return unplugged + plugged + lost(c, vdpa, ram, "with the DIMM plugged again");
    }

    private static boolean believesMapped(UserspaceClient c, GuestMemory.Section s) {
        return c.believed().stream().anyMatch(m -> m.asid() == 0 && m.iova() == s.gpa());
    }

    /** The index of the first call in [from, to) that passes, or -1. */
    private static int first(List<Call> calls, int from, int to, Predicate<Call> p) {
        for (int i = from; i < to; i++) {
            if (p.test(calls.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The calls the kernel refused. In a VM's life on these kernels and parents none is, but
     * GET_VRING_GROUP where the parent has no get_vq_group (-EOPNOTSUPP, vhost_vdpa_vring_ioctl()),
     * which QEMU's probe reads as a cvq that is not isolated. A refused SET_STATUS is a status
     * write that clears a bit other than by a reset to 0, which vhost_vdpa_set_status() fails
     * ("The driver MUST NOT clear a device status bit", virtio 1.2, 2.1.2); a refused ring ioctl,
     * a ring address or size the client got wrong.
     */
    private static String refused(List<Call> calls, ParentDevice vdpa) {
        boolean groups = vdpa.optionalOps().contains(VdpaOp.GET_VQ_GROUP);
        StringBuilder wrong = new StringBuilder();
        calls.stream().filter(call -> call.ret() < 0)
                .filter(call -> groups || call.ret() != Uapi.EOPNOTSUPP || !call.what().startsWith("GET_VRING_GROUP "))
                .forEach(call -> wrong.append(call).append(" was refused; "));
        return wrong.toString();
    }

    /**
     * The IOTLB writes the kernel accepted that did not return the whole message: write(2) of a
     * struct vhost_msg_v2 returns its length (vhost_chr_write_iter()), the count QEMU and DPDK
     * compare against sizeof(msg) before they trust a map.
     */
    private static String shortWrites(List<Call> calls) {
        StringBuilder wrong = new StringBuilder();
        calls.stream().filter(ClientLife::isIotlbWrite).filter(call -> call.ret() >= 0 && call.ret() != Uapi.WRITTEN)
                .forEach(call -> wrong.append(call.what()).append(" returned ").append(call.ret())
                        .append(", not the ").append(Uapi.WRITTEN).append(" bytes written; "));
        return wrong.toString();
    }

    /**
     * Where the calls' RAM writes are not batched as the clients batch them: between BATCH_BEGIN
     * and BATCH_END exactly while IOTLB_BATCH is acked (QEMU's vhost_vdpa_iotlb_batch_begin_once()
     * and listener commit, DPDK's vhost_vdpa_iotlb_batch_begin()/end(); qemu-clients.md 1.2), with
     * nothing but IOTLB writes inside a batch. QEMU's shadow CVQ buffers in ASID 1 go unbatched.
     */
    private static String batching(List<Call> calls) {
        StringBuilder wrong = new StringBuilder();
        boolean acked = false;
        boolean open = false;
        for (Call call : calls) {
            String what = call.what();
            if (what.startsWith("BATCH_BEGIN ")) {
                if (!acked || open) {
                    wrong.append(what).append(open ? " inside a batch; " : " without IOTLB_BATCH acked; ");
                }
                open = true;
            } else if (what.startsWith("BATCH_END ")) {
                if (!open) {
                    wrong.append(what).append(" outside a batch; ");
                }
                open = false;
            } else if (isRamUpdate(call) || isRamInvalidate(call)) {
                if (open != acked) {
                    wrong.append(what).append(open ? " batched without" : " unbatched with").append(" IOTLB_BATCH acked; ");
                }
            } else if (open && !isIotlbWrite(call)) {
                wrong.append(what).append(" inside a batch; ");
            } else if (what.startsWith("SET_BACKEND_FEATURES ") && call.ret() == 0) {
                acked = List.of(what.split(" ")).contains("IOTLB_BATCH");
            }
        }
        return open ? wrong + "a batch left open; " : wrong.toString();
    }

    /**
     * DPDK's SET_FEATURES made while the last status written lacks DRIVER: its virtio PMD sets
     * ACKNOWLEDGE, then DRIVER, and only then negotiates features (virtio 1.2, 3.1.1 steps 2-4),
     * each status write reaching virtio_user_dev's set_status. The kernel does not insist, and the
     * other clients do not all follow it: Cloud Hypervisor writes its features before any status,
     * and QEMU after its CVQ probe has reset the device to 0 (client.als's skipsAckDriver).
     * vhost_vdpa_open() and SET_STATUS 0 reset the device.
     */
    private static String featuresAfterDriver(List<Call> calls, List<List<String>> status) {
        StringBuilder wrong = new StringBuilder();
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).what().startsWith("SET_FEATURES") && !status.get(i).contains("DRIVER")) {
                wrong.append(calls.get(i).what()).append(" before DRIVER; ");
            }
        }
        return wrong.toString();
    }

    /**
     * The status writes that set FEATURES_OK with no SET_FEATURES accepted since the device was
     * last reset: the driver writes the features it understands, then FEATURES_OK (virtio 1.2,
     * 3.1.1 steps 5 and 6; QEMU's vhost_vdpa_set_features() adds the bit right after
     * VHOST_SET_FEATURES), and a reset clears the parent's driver features (mlx5's
     * actual_features, which its get_vq_group() and is_index_valid() read).
     */
    private static String featuresBeforeFeaturesOk(List<Call> calls, List<List<String>> status) {
        StringBuilder wrong = new StringBuilder();
        boolean featuresSet = false;
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            if (call.ret() != 0) {
                continue;
            }
            if (call.what().equals("open") || call.what().equals("SET_STATUS 0")) {
                featuresSet = false;
            } else if (call.what().startsWith("SET_FEATURES")) {
                featuresSet = true;
            } else if (call.what().startsWith("SET_STATUS ") && call.what().contains("FEATURES_OK")
                    && !status.get(i).contains("FEATURES_OK") && !featuresSet) {
                wrong.append(call.what()).append(" with no SET_FEATURES since the reset; ");
            }
        }
        return wrong.toString();
    }

    /**
     * QEMU's vring bases at a stop: vhost_dev_stop() suspends the device, vhost_virtqueue_stop()
     * reads each vq's base, then the device is reset. vhost_vdpa_get_vring_base() asks the device
     * only while a SUSPEND it made holds (v->suspended, cleared by vhost_vdpa_reset_device()): a
     * running device's index cannot be trusted. So: no GET_VRING_BASE of a device not suspended,
     * and no reset of a suspended one before every vq started since the last reset was read.
     */
    private static String vringBasesWhileSuspended(List<Call> calls) {
        StringBuilder wrong = new StringBuilder();
        boolean suspended = false;
        Set<String> started = new TreeSet<>();
        Set<String> unread = new TreeSet<>();
        for (Call call : calls) {
            String[] w = call.what().split(" ");
            if (w[0].equals("GET_VRING_BASE")) {
                if (!suspended) {
                    wrong.append(call.what()).append(" of a device not suspended; ");
                }
                unread.remove(w[1]);
            } else if (call.ret() != 0) {
                continue;
            } else if (w[0].equals("open")) {
                suspended = false;
                started.clear();
            } else if (w[0].equals("SET_VRING_ADDR")) {
                started.add(w[1]);
            } else if (w[0].equals("SUSPEND")) {
                suspended = true;
                unread = new TreeSet<>(started);
            } else if (call.what().equals("SET_STATUS 0")) {
                if (suspended && !unread.isEmpty()) {
                    wrong.append("SET_STATUS 0 with the bases of vqs ").append(unread).append(" unread; ");
                }
                suspended = false;
                started.clear();
            }
        }
        return wrong.toString();
    }

    /**
     * QEMU's CVQ probe (vhost_vdpa_probe_cvq_isolation(); qemu-clients.md 1.4) writes
     * ACKNOWLEDGE|DRIVER, its features, then FEATURES_OK, and only then asks for the vqs' groups,
     * as virtio orders a driver's steps (1.2, 3.1.1); mlx5 answers the cvq's group from the
     * features negotiated. So every GET_VRING_GROUP comes at FEATURES_OK, after a SET_FEATURES
     * made with DRIVER set since the last reset.
     */
    private static String groupsAtFeaturesOk(List<Call> calls, List<List<String>> status) {
        StringBuilder wrong = new StringBuilder();
        boolean features = false;
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            if (call.what().startsWith("GET_VRING_GROUP")) {
                if (!status.get(i).contains("FEATURES_OK") || !features) {
                    wrong.append(call.what()).append(" at ").append(String.join(" ", status.get(i)))
                            .append(features ? "" : " with no SET_FEATURES at DRIVER").append("; ");
                }
            } else if (call.ret() != 0) {
                continue;
            } else if (call.what().equals("open") || call.what().equals("SET_STATUS 0")) {
                features = false;
            } else if (call.what().startsWith("SET_FEATURES")) {
                features = status.get(i).contains("DRIVER");
            }
        }
        return wrong.toString();
    }

    /**
     * QEMU unmaps the shadow CVQ's buffers only once the device no longer runs: vhost_net_stop_one()
     * calls vhost_dev_stop(), which suspends the device (or resets it, vhost_vdpa_suspend()'s
     * fallback), before the NetClient's stop, vhost_vdpa_net_cvq_stop(), unmaps them.
     */
    private static String cvqUnmappedStopped(List<Call> calls) {
        StringBuilder wrong = new StringBuilder();
        boolean running = false;
        for (Call call : calls) {
            if (call.what().equals("INVALIDATE 1 cvq buffers") && running) {
                wrong.append("the shadow CVQ's buffers unmapped while the device runs; ");
            } else if (call.ret() == 0 && call.what().startsWith("SET_STATUS")) {
                running = call.what().contains("DRIVER_OK");
            } else if (call.ret() == 0 && (call.what().equals("SUSPEND") || call.what().equals("open"))) {
                running = false;
            }
        }
        return wrong.toString();
    }

    /**
     * The status in effect as each call is made: the bits of the last SET_STATUS the device
     * accepted, or none since an accepted open (vhost_vdpa_open() resets the device).
     */
    private static List<List<String>> statusBefore(List<Call> calls) {
        List<List<String>> out = new ArrayList<>();
        List<String> status = List.of();
        for (Call call : calls) {
            out.add(status);
            List<String> words = List.of(call.what().split(" "));
            if (call.ret() == 0 && words.get(0).equals("open")) {
                status = List.of();
            } else if (call.ret() == 0 && words.get(0).equals("SET_STATUS")) {
                status = words.subList(1, words.size());
            }
        }
        return out;
    }

    /**
     * The believed mappings whose first or last byte the device's DMA does not translate to the
     * client's user address, for each access their permission allows. Decided here rather than
     * by the client model, which is part of what is under test.
     */
    private static List<Mapping> unreachable(Set<Mapping> believed, ParentDevice vdpa) {
        return believed.stream().filter(m -> !reaches(m, vdpa)).toList();
    }

    private static boolean reaches(Mapping m, ParentDevice vdpa) {
        for (Access access : Access.values()) {
            for (long off : new long[] {0, m.size() - 1}) {
                if (access.allowedBy(m.perm()) && !(vdpa.dma(m.asid(), m.iova() + off, access)
                        instanceof Translation.Mapped t && t.addr() == m.uaddr() + off)) {
                    return false;
                }
            }
        }
        return true;
    }

    // The client models' call log names an IOTLB message "UPDATE asid iova size" and a status
    // write "SET_STATUS" with VirtioStatus.names(); ASID 0 is where every client keeps RAM.
    private static boolean isReset(Call call) {
        return call.what().equals("SET_STATUS 0") && call.ret() == 0;
    }

    private static boolean isRamUpdate(Call call) {
        return call.what().startsWith("UPDATE 0 ") && call.ret() >= 0;
    }

    private static boolean isRamInvalidate(Call call) {
        return call.what().startsWith("INVALIDATE 0 ") && call.ret() >= 0;
    }

    private static boolean isIotlbWrite(Call call) {
        return call.what().matches("(UPDATE|INVALIDATE|BATCH_BEGIN|BATCH_END) .*");
    }

    /**
     * What a started device does not bear out after {@code when}: the spec's DriverOk level
     * (FEATURES_OK and DRIVER_OK; not ACK|DRIVER, which upstream QEMU's CVQ isolation probe
     * clears before the first start, qemu-clients.md §1.4), and the features every vhost-vdpa
     * parent insists on (VERSION_1, ACCESS_PLATFORM).
     */
    private static String notStarted(ParentDevice vdpa, String when) {
        int driverOk = Uapi.FEATURES_OK | Uapi.DRIVER_OK;
        long needed = Uapi.VERSION_1 | Uapi.ACCESS_PLATFORM;
        if ((vdpa.getStatus() & driverOk) != driverOk) {
            return when + ", the device is at status 0x" + Integer.toHexString(vdpa.getStatus()) + "; ";
        }
        if ((vdpa.getDriverFeatures() & needed) != needed) {
            return when + ", the driver features are 0x" + Long.toHexString(vdpa.getDriverFeatures()) + "; ";
        }
        return "";
    }

    /** The client's beliefs the device does not bear out after {@code when}, or "". */
    private static String lost(UserspaceClient c, ParentDevice vdpa, GuestMemory ram, String when) {
        if (c.believed().isEmpty()) {
            return when + ", the client believes nothing mapped; ";
        }
        List<Mapping> missed = unreachable(c.believed(), vdpa);
        String unreachable = missed.isEmpty() ? "" : "the device does not reach " + missed + "; ";
        // impl/'s own reckoning (UserspaceClient.unreachable(), which its ClientScenarioTest
        // trusts) must name the same mappings. It probes the access the client makes, this
        // harness every access the permission allows, so a device that honours one and not the
        // other fails here too. No verdict of the spec is about it: it fails any cell.
        if (!Set.copyOf(missed).equals(Set.copyOf(c.unreachable()))) {
            throw new AssertionError(c.name() + " reckons " + c.unreachable() + " unreachable " + when
                    + ", the device does not reach " + missed);
        }
        String traffic = ClientTraffic.disagreements(c, vdpa, ram);
        return unreachable.isEmpty() && traffic.isEmpty() ? "" : when + ", " + unreachable + traffic;
    }
}
