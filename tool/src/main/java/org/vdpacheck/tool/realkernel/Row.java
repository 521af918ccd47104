package org.vdpacheck.tool.realkernel;

/**
 * One statement of a scenario run on a kernel: what impl/ predicted, what the kernel returned,
 * and whether they agree. Not observable: the uapi has no way to read it (the reason is in
 * {@code returned}); such a row is never counted as agreement.
 */
public record Row(int line, String statement, String predicted, String returned, Verdict verdict) {
    public enum Verdict { AGREE, DISAGREE, NOT_OBSERVABLE }
}
