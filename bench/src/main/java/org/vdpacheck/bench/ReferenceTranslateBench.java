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
import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.uapi.VhostAccess;

/**
 * The reference translation the optimised datapath will be measured against: an overlap query
 * of the vhost_iotlb interval map, as vhost_iotlb_itree_first() answers it for vringh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReferenceTranslateBench {
    private static final long ENTRY = 1L << 21;

    @Param({"16", "1024", "65536"})
    public int mappings;

    private VhostIotlb iotlb;
    private long[] iovas;
    private int next;

    @Setup
    public void setUp() {
        iotlb = new VhostIotlb();
        for (int i = 0; i < mappings; i++) {
            // A 4 KiB hole between entries, so random IOVAs also miss.
            iotlb.addRange(i * (ENTRY + 4096), i * (ENTRY + 4096) + ENTRY - 1, 0x7f00_0000_0000L + i * ENTRY,
                    VhostAccess.RW);
        }
        SplittableRandom rnd = new SplittableRandom(42);
        iovas = new long[4096];
        for (int i = 0; i < iovas.length; i++) {
            iovas[i] = rnd.nextLong(mappings * (ENTRY + 4096));
        }
    }

    @Benchmark
    public IotlbMap randomAccess() {
        long iova = iovas[next++ & (iovas.length - 1)];
        return iotlb.itreeFirst(iova, iova);
    }
}
