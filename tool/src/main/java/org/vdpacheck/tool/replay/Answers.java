package org.vdpacheck.tool.replay;

import java.util.Arrays;
import java.util.List;

import org.vdpacheck.uapi.Errno;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.uapi.VhostMsg;
import org.vdpacheck.uapi.VirtioStatus;

/**
 * One spelling for every answer, so that what a trace wrote and what impl/ returned compare as
 * strings: {@code ok}, an errno name, feature and status bits in the uapi's order, numbers in
 * hex (group indices in decimal), {@code identity} and {@code fault}.
 */
public final class Answers {
    private static final List<String> WORDS = List.of("ok", "identity", "fault");

    private Answers() {
    }

    /** A syscall or kernel function that returns 0 or -errno. */
    public static String ret(long r) {
        return r == 0 ? "ok" : r < 0 ? Errno.name(r) : Long.toString(r);
    }

    /**
     * write(2) of one IOTLB message: vhost_chr_write_iter() returns the bytes it consumed,
     * sizeof(struct vhost_msg_v2), which a trace writes as {@code ok}.
     */
    public static String written(long r) {
        if (r == VhostMsg.SIZE) {
            return "ok";
        }
        return r < 0 ? Errno.name(r) : "a short write of " + r + " bytes";
    }

    public static String features(long mask) {
        return mask == 0 ? "0" : VhostBackendFeature.names(mask);
    }

    public static String status(int status) {
        return VirtioStatus.names(status);
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** The canonical spelling of a result the trace wrote for {@code verb}; null stays null. */
    static String canonical(String verb, String expected) {
        if (expected == null) {
            return null;
        }
        List<String> words = Arrays.asList(expected.split(" "));
        String first = words.get(0);
        if (WORDS.contains(first) || Errno.value(first) > 0) {
            return first;
        }
        return switch (verb) {
            case "get_backend_features" -> features(Words.features(words));
            case "get_status" -> status(Words.status(words));
            case "get_vring_group", "get_vring_desc_group" -> Long.toUnsignedString(Words.parse(first));
            default -> hex(Words.parse(first));
        };
    }
}
