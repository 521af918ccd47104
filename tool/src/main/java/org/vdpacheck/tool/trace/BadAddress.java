package org.vdpacheck.tool.trace;

import java.util.Map;
import java.util.Optional;

import org.vdpacheck.uapi.VhostIoctl;

/**
 * The tool's extension {@code VERB bad_address}: the request made with a NULL argument. An ioctl
 * gets it as argp; an IOTLB message is a write(2) from it, of which nothing can be copied.
 */
public final class BadAddress {
    public static final String WORD = "bad_address";

    private static final Map<String, VhostIoctl> IOCTLS = Map.of(
            "get_backend_features", VhostIoctl.VHOST_GET_BACKEND_FEATURES,
            "set_backend_features", VhostIoctl.VHOST_SET_BACKEND_FEATURES,
            "set_features", VhostIoctl.VHOST_SET_FEATURES,
            "set_status", VhostIoctl.VHOST_VDPA_SET_STATUS,
            "set_group_asid", VhostIoctl.VHOST_VDPA_SET_GROUP_ASID,
            "get_vring_group", VhostIoctl.VHOST_VDPA_GET_VRING_GROUP,
            "set_vring_addr", VhostIoctl.VHOST_SET_VRING_ADDR,
            "set_vring_base", VhostIoctl.VHOST_SET_VRING_BASE);

    private BadAddress() {
    }

    /** The ioctl a verb is, or empty for the IOTLB messages, which are write(2)s. */
    public static Optional<VhostIoctl> ioctl(String verb) {
        return Optional.ofNullable(IOCTLS.get(verb));
    }
}
