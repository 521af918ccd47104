package org.vdpacheck.tool.realkernel;

/** This machine cannot run the guest (a missing tool, a failed kernel build, a hung VM): said plainly, exit 2. */
public final class EnvironmentException extends Exception {
    public EnvironmentException(String message) {
        super(message);
    }
}
