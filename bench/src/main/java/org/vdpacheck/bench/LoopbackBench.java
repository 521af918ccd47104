package org.vdpacheck.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vdpacheck.client.GuestMemory;
import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.datapath.Datapath;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vhost.VhostVdpa;
import org.vdpacheck.vring.NetLoopback;
import org.vdpacheck.vring.Ram;
import org.vdpacheck.vring.SplitRing;
import org.vdpacheck.vring.SplitRingDriver;

/**
 * Packets per second through vdpa_sim_net's loopback on the datapath: per operation the guest
 * posts one rx and one tx buffer, the device loops the packet (avail, descriptor, buffer and
 * used accesses all translated through the queues' caches) and the guest reaps both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoopbackBench {
    private static final GuestMemory MEM = GuestMemory.SMALL;
    private static final long TX_BUF = 0x10_0000;
    private static final long RX_BUF = 0x11_0000;

    @Param({"64", "1500"})
    public int bytes;

    private SplitRingDriver rx;
    private SplitRingDriver tx;
    private NetLoopback net;

    @Setup
    public void setUp() {
        ParentDevice parent = ParentDriver.VDPA_SIM.create(KernelProfile.V6_7);
        VhostVdpaFd fd = VhostVdpaFd.open(VhostVdpa.bind(parent), MEM.newProcess("qemu"));
        fd.setOwner();
        fd.setBackendFeatures(VhostBackendFeature.maskOf(VhostBackendFeature.IOTLB_MSG_V2,
                VhostBackendFeature.IOTLB_ASID));
        for (GuestMemory.Section s : MEM.sections()) {
            fd.iotlbUpdate(0, s.gpa(), s.size(), MEM.uaddr(s), VhostAccess.RW);
        }
        Ram ram = new Ram(MEM.hva(), 8 << 20);
        SplitRing rxRing = SplitRing.at(0x1_0000, 256);
        SplitRing txRing = SplitRing.at(0x2_0000, 256);
        rx = new SplitRingDriver(ram, MEM.hva(), rxRing);
        tx = new SplitRingDriver(ram, MEM.hva(), txRing);
        net = new NetLoopback(new Datapath(parent), ram, rxRing, txRing);
    }

    @Benchmark
    public int packet() {
        rx.add(new SplitRingDriver.Buffer(RX_BUF, 4096, true));
        tx.add(new SplitRingDriver.Buffer(TX_BUF, bytes, false));
        int looped = net.work();
        tx.getBuf(1);
        rx.getBuf(1);
        if (looped != 1) {
            throw new IllegalStateException("packet lost: " + net.lastError());
        }
        return looped;
    }
}
