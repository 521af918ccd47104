package org.vdpacheck.tool.support;

import java.util.ArrayList;
import java.util.List;

import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.client.VirtioVdpa;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vdpa.VdpaDevice;
import org.vdpacheck.vhost.VhostVdpa;

/**
 * What the driver implementation does, per kernel profile and parent, to one IOTLB mapping in
 * ASID 0: across SET_STATUS(0) with and without IOTLB_PERSIST acked, and at release. Every cell
 * is measured by running the scenario, not looked up.
 */
public final class SupportTable {
    private static final long GUEST_RAM = 0x7f00_0000_0000L;
    private static final long RAM_SIZE = 4L << 20;

    /** One profile × parent row. */
    public record Row(String profile, String parent, long offered, String resetPlain, String resetPersist,
            String release, boolean virtioVdpaAfterRelease) {
    }

    private final List<Row> rows;

    private SupportTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    public static SupportTable measure() {
        List<Row> rows = new ArrayList<>();
        for (KernelProfile profile : KernelProfile.named()) {
            for (ParentDriver driver : ParentDriver.values()) {
                rows.add(measure(profile, driver));
            }
        }
        return new SupportTable(rows);
    }

    static Row measure(KernelProfile profile, ParentDriver driver) {
        Session plain = session(profile, driver, false);
        String persist = VhostBackendFeature.IOTLB_PERSIST.in(plain.offered)
                ? session(profile, driver, true).afterReset : "not offered";
        return new Row(profile.name(), driver.id(), plain.offered, plain.afterReset, persist, plain.afterRelease,
                plain.virtioVdpaAfterRelease);
    }

    private record Session(long offered, String afterReset, String afterRelease, boolean virtioVdpaAfterRelease) {
    }

    private static Session session(KernelProfile profile, ParentDriver driver, boolean ackPersist) {
        ParentDevice parent = driver.create(profile);
        VhostVdpa dev = VhostVdpa.bind(parent);
        Mm qemu = new Mm("qemu").mmap(Vma.guestRam(GUEST_RAM, RAM_SIZE));
        VhostVdpaFd fd = VhostVdpaFd.open(dev, qemu);
        fd.setOwner();
        fd.getBackendFeatures();
        long offered = fd.value();
        long ack = VhostBackendFeature.maskOf(VhostBackendFeature.IOTLB_MSG_V2, VhostBackendFeature.IOTLB_BATCH);
        if (ackPersist) {
            ack |= VhostBackendFeature.IOTLB_PERSIST.mask();
        }
        fd.setBackendFeatures(ack & offered);
        fd.iotlbUpdate(0, 0, RAM_SIZE, GUEST_RAM, VhostAccess.RW);
        fd.setStatus(0);
        String afterReset = describe(parent, dev.iotlb(0));
        fd.close();
        String afterRelease = describe(parent, null);
        return new Session(offered, afterReset, afterRelease, new VirtioVdpa(parent).probe() == 0);
    }

    /** The device's ASID 0 map relative to what userspace mapped (null: the fd is closed). */
    private static String describe(VdpaDevice parent, List<IotlbMap> userMap) {
        DeviceMap m = parent.currentMap(0);
        if (m instanceof DeviceMap.Identity) {
            return "1:1";
        }
        DeviceMap.Table t = (DeviceMap.Table) m;
        if (t.isEmpty()) {
            return "empty";
        }
        if (userMap == null) {
            return "stale user map";
        }
        return t.sameAs(new DeviceMap.Table(userMap)) ? "kept" : "changed";
    }

    public String render() {
        String[] head = {"kernel", "parent", "GET_BACKEND_FEATURES", "reset (no PERSIST)", "reset (PERSIST)",
            "after release", "virtio-vdpa after release"};
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (Row r : rows) {
            cells.add(new String[] {r.profile, r.parent, VhostBackendFeature.names(r.offered), r.resetPlain,
                r.resetPersist, r.release, r.virtioVdpaAfterRelease ? "works" : "BROKEN"});
        }
        int[] width = new int[head.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("What impl/ does to one ASID-0 mapping of 4 MiB, per kernel profile and parent\n");
        sb.append("(measured by running impl/; `vdpacheck audit` checks the spec)\n\n");
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + width[i] + "s", row[i]));
                if (i + 1 < row.length) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
