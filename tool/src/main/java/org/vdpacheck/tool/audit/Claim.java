package org.vdpacheck.tool.audit;

import java.util.List;

import org.vdpacheck.tool.alloy.Cell;

/**
 * A sentence of the compatibility argument, made checkable: the assertion should hold (or be
 * refuted) in each of these cells, of the bundled spec or of a named proposal.
 */
public record Claim(String text, String proposal, String assertion, boolean holds, List<Cell> cells) {
    public Claim {
        cells = List.copyOf(cells);
    }
}
