package org.vdpacheck.tool.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.uapi.VhostAccess;

/**
 * Translation tables as the trace language writes them ({@code { IOVA size S uaddr U perm P ... }}
 * or {@code empty}), entries in IOVA order, so a table a trace expects and one impl/ holds
 * compare as strings.
 */
final class Tables {
    private Tables() {
    }

    /** One vhost_iotlb_map, as userspace's IOTLB message described it. */
    record Entry(long iova, long size, long uaddr, int perm) {
        static Entry of(IotlbMap m) {
            return new Entry(m.start(), m.size(), m.addr(), m.perm());
        }
    }

    static String render(List<Entry> entries) {
        if (entries.isEmpty()) {
            return "empty";
        }
        StringJoiner j = new StringJoiner(" ", "{ ", " }");
        entries.stream().sorted(Comparator.comparing(Entry::iova, Long::compareUnsigned)).forEach(e -> j.add(
                Answers.hex(e.iova()) + " size " + Answers.hex(e.size()) + " uaddr " + Answers.hex(e.uaddr())
                        + " perm " + VhostAccess.name(e.perm())));
        return j.toString();
    }

    /** The table a statement's words spell from {@code from} on: {@code empty}, or braces around entries. */
    static String parse(List<String> words, int from) {
        List<Entry> entries = new ArrayList<>();
        // Each entry is seven words: IOVA size S uaddr U perm P.
        for (int i = from + 1; i + 7 < words.size(); i += 7) {
            entries.add(new Entry(Words.parse(words.get(i)), Words.parse(words.get(i + 2)),
                    Words.parse(words.get(i + 4)), perm(words.get(i + 6))));
        }
        return render(entries);
    }

    static int perm(String name) {
        return switch (name) {
            case "ro" -> VhostAccess.RO;
            case "wo" -> VhostAccess.WO;
            default -> VhostAccess.RW;
        };
    }
}
