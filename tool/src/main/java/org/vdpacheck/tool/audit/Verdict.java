package org.vdpacheck.tool.audit;

import org.vdpacheck.tool.alloy.Cell;

/**
 * An assertion's verdict in one cell: holds within the bound, or refuted by the shortest
 * counterexample, kept as its printed scenario.
 */
public record Verdict(Cell cell, String assertion, boolean holds, int steps, String counterexample) {
}
