package org.vdpacheck.tool.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.vdpacheck.datapath.Datapath;
import org.vdpacheck.datapath.DeviceIotlb;
import org.vdpacheck.datapath.Iov;
import org.vdpacheck.datapath.MemoryRegion;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.vdpa.VdpaDevice;

/**
 * The device's own DMA, asked of the reference ({@link VdpaDevice#dma}) and of the optimised
 * datapath: the region of the address space, and the cache of every virtqueue group bound to it.
 * Datapath and caches live as long as the scenario, so a cache that a change of mapping did not
 * invalidate answers with the stale translation, and shows up here.
 */
final class DmaCheck {
    private final VdpaDevice vdpa;
    private final Datapath datapath;
    /** group → the device's IOTLB for it, one per group some virtqueue uses. */
    private final Map<Integer, DeviceIotlb> caches = new TreeMap<>();
    private final Iov iov = new Iov(1);

    DmaCheck(VdpaDevice vdpa) {
        this.vdpa = vdpa;
        this.datapath = new Datapath(vdpa);
        for (int idx = 0; idx < vdpa.nvqs(); idx++) {
            for (DeviceIotlb c : List.of(datapath.vqIotlb(idx), datapath.descIotlb(idx))) {
                caches.putIfAbsent(c.group(), c);
            }
        }
    }

    /** The reference's answer and every datapath answer that differs from it, each named. */
    record Answer(String reference, List<String> disagreements) {
        /** "X (reference) but Y (datapath region)", for a report. */
        String both() {
            return reference + " (reference) but " + String.join(", ", disagreements);
        }
    }

    /** A one-byte access: an address ("0x…"), "identity" or "fault". */
    Answer dma(int asid, long iova, Access access) {
        String reference = vdpa.dma(asid, iova, access).toString();
        List<String> others = new ArrayList<>();
        String region = answer(datapath.translate(asid, iova, 1, access, iov));
        if (!region.equals(reference)) {
            others.add(region + " (datapath region)");
        }
        for (Map.Entry<Integer, DeviceIotlb> c : caches.entrySet()) {
            if (vdpa.groupAsid(c.getKey()) == asid) {
                String cached = answer(c.getValue().translate(iova, 1, access, iov));
                if (!cached.equals(reference)) {
                    others.add(cached + " (group " + c.getKey() + "'s DeviceIotlb)");
                }
            }
        }
        return new Answer(reference, others);
    }

    /**
     * What an address space translates through, as {@code expect device} spells it, from the
     * reference and from the datapath's region; an ASID the device does not have faults every
     * access, as {@link VdpaDevice#dma} does.
     */
    Answer map(int asid) {
        if (asid < 0 || asid >= vdpa.nas()) {
            return new Answer("empty", List.of());
        }
        DeviceMap m = vdpa.currentMap(asid);
        String reference = m instanceof DeviceMap.Table t ? Tables.render(t.entries().stream().map(Tables.Entry::of).toList())
                : "identity";
        String region = region(datapath.region(asid));
        return new Answer(reference, region.equals(reference) ? List.of() : List.of(region + " (datapath region)"));
    }

    private static String region(MemoryRegion r) {
        if (r.identity()) {
            return "identity";
        }
        List<Tables.Entry> entries = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            entries.add(new Tables.Entry(r.start(i), r.last(i) - r.start(i) + 1, r.addr(i), r.perm(i)));
        }
        return Tables.render(entries);
    }

    private String answer(int r) {
        if (r < 0) {
            return "fault";
        }
        return iov.identity() ? "identity" : Answers.hex(iov.addr(0));
    }
}
