package org.vdpacheck.tool.audit;

/**
 * How far each check looks: up to {@code steps} events, {@code ranges} IOVA ranges (two is the
 * least with which overlaps occur), both ASIDs and groups (fixed by the spec), and the solver.
 */
public record Bounds(int steps, int ranges, String solver) {
    public static final int DEFAULT_STEPS = 7;
    public static final int DEFAULT_RANGES = 2;
    /** Pure Java, so it prints nothing of its own, and as fast as the natives at this size. */
    public static final String DEFAULT_SOLVER = "sat4j";

    public Bounds {
        if (steps < 1 || ranges < 1) {
            throw new IllegalArgumentException("steps and ranges must be at least 1");
        }
    }
}
