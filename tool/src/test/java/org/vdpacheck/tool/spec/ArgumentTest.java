package org.vdpacheck.tool.spec;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.vdpacheck.tool.alloy.Spec;
import org.vdpacheck.tool.alloy.SpecError;
import org.vdpacheck.tool.audit.Argument;
import org.vdpacheck.tool.audit.ArgumentCheck;
import org.vdpacheck.tool.audit.Audit;
import org.vdpacheck.tool.audit.Bounds;
import org.vdpacheck.tool.audit.Claim;
import org.vdpacheck.tool.audit.ResultCache;
import org.vdpacheck.tool.audit.Verdict;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit reproduces the review thread's argument (fix-parents-only vs the negotiated bit,
 * new userspace on old kernels, virtio-vdpa's 1:1 map) and the cases it did not discuss.
 */
class ArgumentTest {
    private static final Bounds BOUNDS = new Bounds(Bounds.DEFAULT_STEPS, Bounds.DEFAULT_RANGES, Bounds.DEFAULT_SOLVER);
    private static Spec spec;
    private static ArgumentCheck check;

    @BeforeAll
    static void load() throws SpecError {
        spec = Spec.load(SpecFixture.SPEC);
        check = new ArgumentCheck(SpecFixture.SPEC, BOUNDS, Runtime.getRuntime().availableProcessors(),
                ResultCache.disabled());
    }

    /** Only the cells the claims name, from the bundled spec. */
    private static List<Verdict> baseVerdicts(List<Claim> claims) throws SpecError {
        List<Audit.Task> tasks = claims.stream().filter(c -> c.proposal() == null)
                .flatMap(c -> c.cells().stream().map(cell -> new Audit.Task(cell, c.assertion()))).toList();
        Path file = SpecFixture.SPEC;
        return new Audit(() -> Spec.load(file), BOUNDS, Runtime.getRuntime().availableProcessors(),
                ResultCache.disabled(), null).run(spec.hash(), tasks);
    }

    private static void assertReproduced(List<Claim> claims) throws SpecError {
        for (ArgumentCheck.Outcome o : check.evaluate(spec.assertions(), baseVerdicts(claims), claims)) {
            assertTrue(o.reproduced(), () -> ArgumentCheck.render("not reproduced", "reproduced", List.of(o)));
        }
    }

    @Test
    @DisplayName("the thread: fix-parents-only vs IOTLB_PERSIST, compat_reset, reset_map at release")
    void thread() throws SpecError {
        assertReproduced(Argument.thread());
    }

    @Test
    @DisplayName("beyond the thread: PERSIST dropped, groups, open batch, 10.1 hot-plug, Cloud Hypervisor, VDUSE")
    void beyond() throws SpecError {
        assertReproduced(Argument.beyond());
    }
}
