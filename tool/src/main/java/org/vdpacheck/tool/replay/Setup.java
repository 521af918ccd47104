package org.vdpacheck.tool.replay;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.tool.trace.Trace;
import org.vdpacheck.tool.trace.TraceParser;
import org.vdpacheck.vdpa.VdpaDevice;

/**
 * What a scenario's header asks for, resolved against impl/: the kernel profile, the parent
 * driver with its module options, and whether the {@code asids} and {@code groups} lines
 * describe the device that parent creates.
 */
final class Setup {
    /** vdpa_sim's dma_map mode is a module option in the trace language, not a parent of its own. */
    private static final List<ParentDriver> PARENTS = Arrays.stream(ParentDriver.values())
            .filter(d -> d != ParentDriver.VDPA_SIM_DMA_MAP).toList();

    private final Trace trace;
    private final Map<String, Position> headers;

    Setup(TraceParser.Parsed scenario) {
        this.trace = scenario.trace();
        this.headers = scenario.headers();
    }

    KernelProfile kernel() throws ReplayException {
        Optional<KernelProfile> p = KernelProfile.byName(trace.kernel());
        if (p.isEmpty()) {
            throw new ReplayException(headers.get("kernel"), "unknown kernel " + trace.kernel() + " (impl/ has "
                    + KernelProfile.named().stream().map(KernelProfile::name).collect(Collectors.joining(", ")) + ")");
        }
        return p.get();
    }

    ParentDriver parent() throws ReplayException {
        ParentDriver driver = PARENTS.stream().filter(d -> d.id().equals(trace.parent())).findFirst()
                .orElseThrow(() -> new ReplayException(headers.get("parent"), "unknown parent " + trace.parent()
                        + " (impl/ has " + PARENTS.stream().map(ParentDriver::id).collect(Collectors.joining(", "))
                        + "; vdpa_sim's dma_map mode is `option batch_mapping 0`)"));
        for (Map.Entry<String, String> o : trace.options().entrySet()) {
            if (!o.getKey().equals(Trace.RLIMIT_MEMLOCK) && !o.getKey().equals(Trace.GUEST_RAM)) {
                driver = withOption(driver, o.getKey(), o.getValue());
            }
        }
        return driver;
    }

    /** The process's RLIMIT_MEMLOCK in bytes: the header's, or none (RLIM_INFINITY, replay's default). */
    long rlimitMemlock() {
        return trace.rlimitMemlock().orElse(-1L);
    }

    /**
     * vdpa_sim's batch_mapping module parameter (a bool, default 1): 0 loads
     * vdpasim_config_ops (dma_map) instead of vdpasim_batch_config_ops (set_map).
     */
    private ParentDriver withOption(ParentDriver driver, String name, String value) throws ReplayException {
        Position at = headers.get("option " + name);
        if (driver != ParentDriver.VDPA_SIM || !name.equals("batch_mapping")) {
            throw new ReplayException(at, "impl/'s " + trace.parent() + " has no option " + name
                    + " (vdpa_sim has batch_mapping; every parent takes " + Trace.RLIMIT_MEMLOCK + " and "
                    + Trace.GUEST_RAM + ")");
        }
        long v = Words.parse(value);
        if (Long.compareUnsigned(v, 1) > 0) {
            throw new ReplayException(at, "batch_mapping is 0 or 1, not " + value);
        }
        return v == 0 ? ParentDriver.VDPA_SIM_DMA_MAP : ParentDriver.VDPA_SIM;
    }

    /** The first of the asids and groups lines that does not describe the device, as a divergence. */
    Optional<Step> headerMismatch(VdpaDevice vdpa) {
        if (trace.asids() != null && trace.asids() != vdpa.nas()) {
            return Optional.of(mismatch("asids", trace.asids(), vdpa.nas()));
        }
        if (trace.groups() != null && trace.groups() != vdpa.ngroups()) {
            return Optional.of(mismatch("groups", trace.groups(), vdpa.ngroups()));
        }
        return Optional.empty();
    }

    private Step mismatch(String header, int expected, int actual) {
        return new Step(headers.get(header), header + " " + expected, Integer.toString(expected),
                actual + " (" + trace.parent() + " on " + trace.kernel() + ")", false);
    }
}
