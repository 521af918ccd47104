package org.vdpacheck.tool.replay;

import java.util.List;
import java.util.Optional;

import org.vdpacheck.tool.trace.Garble;
import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.uapi.VirtioFeature;
import org.vdpacheck.uapi.VirtioStatus;

/**
 * The words of one statement ({@code asid 0 iova 0x1000 ...}), read as the uapi fields they
 * fill. The parser has checked names and that numbers fit 64 bits; what is left is whether a
 * number fits its field.
 */
public final class Words {
    private static final long U32_MAX = 0xffff_ffffL;

    private final List<String> words;
    private final Position at;

    Words(List<String> words, Position at) {
        this.words = words;
        this.at = at;
    }

    /** How an UPDATE's message is written wrong, if its words end with a garble. */
    Optional<Garble> garble() {
        return Garble.of(words);
    }

    boolean has(String key) {
        return words.contains(key);
    }

    /** The word after {@code key}. */
    String after(String key) {
        return words.get(words.indexOf(key) + 1);
    }

    long number(String key) {
        return number(words, key);
    }

    public static long number(List<String> words, String key) {
        return parse(words.get(words.indexOf(key) + 1));
    }

    /**
     * An ASID or index the device may not have, outside any uapi field (a DMA, an expectation):
     * one beyond an int is none it has, -1.
     */
    int index(String key) {
        long v = number(key);
        return Long.compareUnsigned(v, Integer.MAX_VALUE) > 0 ? -1 : (int) v;
    }

    /** A number that fills a __u32 field (an asid, a vq or group index). */
    int u32(String key) throws ReplayException {
        long v = number(key);
        if (Long.compareUnsigned(v, U32_MAX) > 0) {
            throw new ReplayException(at, key + " " + after(key) + " does not fit the 32-bit field it is passed in");
        }
        return (int) v;
    }

    /** {@code batch_begin [asid N]}: asid 0 when omitted. */
    int asidOrZero() throws ReplayException {
        return has("asid") ? u32("asid") : 0;
    }

    String last() {
        return words.get(words.size() - 1);
    }

    /** The whole statement's words as backend feature names. */
    long features() {
        return features(words);
    }

    /** The whole statement's words as virtio feature names (set_features), or one number. */
    long virtioFeatures() {
        return virtioFeatures(words);
    }

    public static long virtioFeatures(List<String> names) {
        if (numeric(names)) {
            return parse(names.get(0));
        }
        long mask = 0;
        for (String n : names) {
            mask |= VirtioFeature.valueOf(n).mask();
        }
        return mask;
    }

    /** The whole statement's words as a status byte: bit names, or one number. */
    int status() {
        return status(words);
    }

    public static long parse(String number) {
        return number.startsWith("0x") ? Long.parseUnsignedLong(number.substring(2), 16)
                : Long.parseUnsignedLong(number);
    }

    /** Backend feature names, or one number (a mask as GET_BACKEND_FEATURES copies it out). */
    public static long features(List<String> names) {
        if (numeric(names)) {
            return parse(names.get(0));
        }
        long mask = 0;
        for (String n : names) {
            mask |= VhostBackendFeature.valueOf(n).mask();
        }
        return mask;
    }

    public static int status(List<String> words) {
        if (numeric(words)) {
            return (int) parse(words.get(0));
        }
        int mask = 0;
        for (String w : words) {
            mask |= VirtioStatus.valueOf(w).bit();
        }
        return mask;
    }

    private static boolean numeric(List<String> words) {
        return words.size() == 1 && Character.isDigit(words.get(0).charAt(0));
    }
}
