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
import org.vdpacheck.datapath.MemoryRegion;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.VdpaSim;

/**
 * What the datapath pays after a batch of n UPDATEs ends: set_map has handed the parent a table of
 * n entries, and the first DMA rebuilds the region from the parent's current map (the parent's
 * snapshot of its table, then the flattening).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RebuildBench {
    @Param({"16", "1024", "65536"})
    public int updates;

    private VdpaSim parent;

    @Setup
    public void setUp() {
        parent = new VdpaSim(KernelProfile.V6_7, true, true);
        parent.setMap(0, TranslateBench.table(updates));
    }

    @Benchmark
    public MemoryRegion rebuild() {
        return MemoryRegion.of(parent.currentMap(0));
    }
}
