package org.vdpacheck.tool.trace;

import java.util.List;
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
            "get_vring_desc_group", VhostIoctl.VHOST_VDPA_GET_VRING_DESC_GROUP,
            "set_vring_addr", VhostIoctl.VHOST_SET_VRING_ADDR,
            "set_vring_base", VhostIoctl.VHOST_SET_VRING_BASE,
            "get_vring_base", VhostIoctl.VHOST_GET_VRING_BASE);
    /** The IOTLB messages: one write(2) whatever the type, since no byte of it is read. */
    private static final List<String> MESSAGES = List.of("update", "invalidate", "batch_begin", "batch_end");

    private BadAddress() {
    }

    /** Whether an operation's words are {@code bad_address} alone. */
    static boolean in(List<String> words) {
        return words.equals(List.of(WORD));
    }

    /** The ioctl a verb is, or empty for an IOTLB message, which is a write(2). */
    public static Optional<VhostIoctl> ioctl(String verb) {
        if (!IOCTLS.containsKey(verb) && !MESSAGES.contains(verb)) {
            throw new IllegalArgumentException(verb + " takes no bad_address");
        }
        return Optional.ofNullable(IOCTLS.get(verb));
    }
}
