package org.vdpacheck.tool.replay;

import java.util.List;
import java.util.Optional;

/**
 * One scenario replayed against impl/: every step run, in order, and the first divergence, if
 * any. A divergence is the last step run, or a header (asids, groups) that does not describe
 * the device, in which case nothing ran.
 */
public record ScenarioResult(String name, List<Step> steps, Optional<Step> divergence) {
    public ScenarioResult {
        steps = List.copyOf(steps);
    }

    public boolean passed() {
        return divergence.isEmpty();
    }
}
