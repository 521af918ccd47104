package org.vdpacheck.tool.qemu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.vdpacheck.tool.trace.Statement;

/**
 * What QEMU believes the device reaches, per ASID: every map the log shows succeeding, less
 * what it unmapped; and whether it believes the device running (DRIVER_OK set, not suspended,
 * fd open), which is when the device may DMA into those maps. Bounded by the maps QEMU holds at
 * once, not by the length of the log.
 */
final class Believed {
    /** One map as QEMU made it. */
    record Mapping(long asid, long iova, long size, long uaddr, boolean writable) {
    }

    private final Map<Long, TreeMap<Long, Mapping>> maps = new TreeMap<>();
    private boolean running;

    boolean running() {
        return running;
    }

    /**
     * Takes in one statement with the result the log shows; returns the maps the device may
     * DMA into from now on that it could not before: all of them when the device starts, a new
     * map while it runs.
     */
    List<Mapping> see(Statement.Op op) {
        boolean ok = "ok".equals(op.result());
        List<String> w = op.words();
        switch (op.verb()) {
            case "update" -> {
                if (ok) {
                    Mapping m = new Mapping(num(w, "asid"), num(w, "iova"), num(w, "size"), num(w, "uaddr"),
                            !w.get(w.indexOf("perm") + 1).equals("ro"));
                    maps.computeIfAbsent(m.asid(), a -> new TreeMap<>(Long::compareUnsigned)).put(m.iova(), m);
                    return running ? List.of(m) : List.of();
                }
            }
            case "invalidate" -> {
                TreeMap<Long, Mapping> t = maps.get(num(w, "asid"));
                if (ok && t != null) {
                    long iova = num(w, "iova");
                    long last = iova + num(w, "size") - 1;
                    t.subMap(iova, true, Long.compareUnsigned(last, iova) < 0 ? -1L : last, true).clear();
                }
            }
            case "set_status" -> {
                boolean was = running;
                running = w.contains("DRIVER_OK");
                if (running && !was) {
                    List<Mapping> all = new ArrayList<>();
                    maps.values().forEach(t -> all.addAll(t.values()));
                    return all;
                }
            }
            case "suspend" -> running = false;
            case "release" -> {
                running = false;
                maps.clear();
            }
            default -> {
            }
        }
        return List.of();
    }

    private static long num(List<String> words, String key) {
        String t = words.get(words.indexOf(key) + 1);
        return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseUnsignedLong(t);
    }
}
