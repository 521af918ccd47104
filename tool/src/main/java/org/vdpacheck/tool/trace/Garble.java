package org.vdpacheck.tool.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.vdpacheck.uapi.VhostMsg;

/**
 * The tool's extension {@code update ... WORD N}: the UPDATE's struct vhost_msg_v2 written wrong,
 * to reach what vhost_chr_write_iter() refuses before the message handler and the handler's
 * unknown type. {@code bytes N}: its first N bytes; {@code msg_type N}: another type in its first
 * 4 bytes; {@code iotlb_type N}: another type in its IOTLB message.
 */
public record Garble(String word, long value) {
    /** sizeof(struct vhost_msg_v2) on x86-64: a cut is shorter. */
    public static final int MSG_SIZE = VhostMsg.SIZE;
    public static final List<String> WORDS = List.of("bytes", "msg_type", "iotlb_type");
    /** struct vhost_msg_v2: the union at 8, whose struct vhost_iotlb_msg has its __u8 type at 25. */
    private static final int IOTLB_TYPE_OFFSET = 8 + 25;

    /** The largest value each word takes: a cut shorter than the message, a __u32, a __u8. */
    public static long max(String word) {
        return switch (word) {
            case "bytes" -> MSG_SIZE - 1;
            case "msg_type" -> 0xffff_ffffL;
            default -> 0xff;
        };
    }

    /** The garble an operation's words end with, if any. */
    public static Optional<Garble> of(List<String> words) {
        if (words.size() < 2 || !WORDS.contains(words.get(words.size() - 2))) {
            return Optional.empty();
        }
        return Optional.of(new Garble(words.get(words.size() - 2), Long.decode(words.get(words.size() - 1))));
    }

    /** The message as this garble writes it. */
    public byte[] apply(byte[] msg) {
        return switch (word) {
            case "bytes" -> Arrays.copyOf(msg, (int) value);
            case "msg_type" -> {
                byte[] copy = msg.clone();
                ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) value);
                yield copy;
            }
            default -> {
                byte[] copy = msg.clone();
                copy[IOTLB_TYPE_OFFSET] = (byte) value;
                yield copy;
            }
        };
    }
}
