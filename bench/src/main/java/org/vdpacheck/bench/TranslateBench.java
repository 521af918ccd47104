package org.vdpacheck.bench;

import java.util.SplittableRandom;
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
import org.vdpacheck.datapath.Datapath;
import org.vdpacheck.datapath.DeviceIotlb;
import org.vdpacheck.datapath.Iov;
import org.vdpacheck.datapath.MemoryRegion;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.dma.Translation;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.VdpaSim;
import org.vdpacheck.uapi.VhostAccess;

/**
 * One device DMA translated three ways over the same table, in one run: the reference (an overlap
 * query of the live vhost_iotlb interval map, what vringh's iotlb_translate() asks
 * vhost_iotlb_itree_first()), the datapath's flattened {@link MemoryRegion} (binary search), and
 * the per-queue {@link DeviceIotlb} in front of it. {@code random} picks IOVAs uniformly over the
 * mapped span (holes included, so some fault); {@code sequential} walks it a page at a time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TranslateBench {
    /** 2 MiB entries (hugepage-backed guest RAM) with a 4 KiB hole after each, so random IOVAs also miss. */
    static final long ENTRY = 1L << 21;
    static final long STRIDE = ENTRY + 4096;
    private static final int PROBES = 1 << 16;

    @Param({"16", "1024", "65536"})
    public int mappings;

    @Param({"random", "sequential"})
    public String pattern;

    private VhostIotlb iotlb;
    private MemoryRegion region;
    private DeviceIotlb cached;
    private final Iov iov = new Iov(1);
    private long[] iovas;
    private int next;

    @Setup
    public void setUp() {
        iotlb = table(mappings);
        VdpaSim parent = new VdpaSim(KernelProfile.V6_7, true, true);
        parent.setMap(0, iotlb);
        Datapath datapath = new Datapath(parent);
        region = datapath.region(0);
        cached = datapath.vqIotlb(0);
        SplittableRandom rnd = new SplittableRandom(42);
        iovas = new long[PROBES];
        for (int i = 0; i < PROBES; i++) {
            iovas[i] = pattern.equals("random") ? rnd.nextLong(mappings * STRIDE) : (i * 4096L) % (mappings * STRIDE);
        }
    }

    /** n entries of ENTRY bytes, STRIDE apart, each at its own host address. */
    static VhostIotlb table(int n) {
        VhostIotlb t = new VhostIotlb();
        for (int i = 0; i < n; i++) {
            t.addRange(i * STRIDE, i * STRIDE + ENTRY - 1, 0x7f00_0000_0000L + i * ENTRY, VhostAccess.RW);
        }
        return t;
    }

    private long iova() {
        return iovas[next++ & (PROBES - 1)];
    }

    @Benchmark
    public Translation reference() {
        return DeviceMap.translate(iotlb, iova(), Access.READ);
    }

    @Benchmark
    public long region() {
        int r = region.translate(iova(), 1, Access.READ, iov);
        return r > 0 ? iov.addr(0) : r;
    }

    @Benchmark
    public long cached() {
        int r = cached.translate(iova(), 1, Access.READ, iov);
        return r > 0 ? iov.addr(0) : r;
    }
}
