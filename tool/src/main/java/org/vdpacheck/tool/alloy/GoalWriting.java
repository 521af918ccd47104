package org.vdpacheck.tool.alloy;

import java.util.List;

/**
 * How a witness's goal step is written beyond what the spec tells apart: the ranges the
 * concretiser puts at the IOVA window's top, and the words its request ends with (a garble the
 * kernel accepts). Both answer for one scenario each; every other witness is written plainly.
 */
public record GoalWriting(List<String> atTop, List<String> endedWith) {
    public static final GoalWriting PLAIN = new GoalWriting(List.of(), List.of());

    public GoalWriting {
        atTop = List.copyOf(atTop);
        endedWith = List.copyOf(endedWith);
    }
}
