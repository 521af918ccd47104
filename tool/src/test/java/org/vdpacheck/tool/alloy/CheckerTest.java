package org.vdpacheck.tool.alloy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import edu.mit.csail.sdg.translator.A4Solution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deciding an assertion over many cells at once must give each cell the verdict and the
 * counterexample length it gets alone, and that length must be the least there is.
 */
class CheckerTest {
    private static final int STEPS = 7;
    private static final int RANGES = 2;
    private static Checker checker;
    private static List<Cell> cells;

    @BeforeAll
    static void load() throws SpecError {
        Spec spec = Spec.load(Path.of("..", "spec", "vdpacheck.als"));
        checker = new Checker(spec, "sat4j");
        cells = new ArrayList<>();
        for (String kernel : List.of("V66", "V67")) {
            for (String parent : spec.atoms("Parent")) {
                cells.add(new Cell(kernel, parent, "AnyClient"));
            }
        }
    }

    @Test
    @DisplayName("NegotiationSound over ten cells: each cell's verdict and length as when checked alone")
    void togetherAsAlone() throws SpecError {
        Map<Cell, A4Solution> together = checker.refutations("NegotiationSound", cells, STEPS, RANGES);
        assertFalse(together.isEmpty(), "ENABLE_AFTER_DRIVER_OK is accepted where not offered somewhere");
        assertTrue(together.size() < cells.size(), "and NegotiationSound holds somewhere");
        for (Cell c : cells) {
            var alone = checker.counterexample("NegotiationSound", c, STEPS, RANGES);
            assertEquals(alone.isPresent(), together.containsKey(c), c.toString());
            alone.ifPresent(a -> assertEquals(a.getTraceLength(), together.get(c).getTraceLength(), c.toString()));
        }
    }

    @Test
    @DisplayName("each counterexample is the shortest of its cell: none exists with one state fewer")
    void shortest() throws SpecError {
        Map<Cell, A4Solution> refuted = checker.refutations("BatchClosedByReset", cells, STEPS, RANGES);
        assertEquals(cells.size(), refuted.size(), "in_batch survives SET_STATUS 0 on every parent (b2)");
        for (Map.Entry<Cell, A4Solution> e : refuted.entrySet()) {
            int states = e.getValue().getTraceLength();
            assertTrue(checker.counterexample("BatchClosedByReset", e.getKey(), states - 1, RANGES).isEmpty(),
                    e.getKey() + " has a counterexample shorter than " + states + " states");
        }
    }
}
