package org.vdpacheck.client;

import org.vdpacheck.uapi.Errno;

/** One syscall a client made and what it returned, in the client's own words. */
public record Call(String what, long ret) {
    @Override
    public String toString() {
        return what + " = " + Errno.name(ret);
    }
}
