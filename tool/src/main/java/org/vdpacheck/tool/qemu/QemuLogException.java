package org.vdpacheck.tool.qemu;

/** A log that cannot be read, or a line that looks like a vhost_vdpa event and does not parse. */
public final class QemuLogException extends Exception {
    /** @param message {@code FILE:LINE:COLUMN: message} */
    public QemuLogException(String message) {
        super(message);
    }
}
