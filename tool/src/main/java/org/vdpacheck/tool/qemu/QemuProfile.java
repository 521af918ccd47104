package org.vdpacheck.tool.qemu;

import org.vdpacheck.client.Qemu;
import org.vdpacheck.uapi.VhostBackendFeature;

import static org.vdpacheck.uapi.VhostBackendFeature.DESC_ASID;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_ASID;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_BATCH;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_MSG_V2;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_PERSIST;
import static org.vdpacheck.uapi.VhostBackendFeature.SUSPEND;

/**
 * What a log cannot show about the QEMU that wrote it (qemu-clients.md §1.1, §2.3): the mask
 * vhost_vdpa_set_backend_cap() acks of what the kernel offers, whether it negotiates at init
 * (the June 2025 series, 10.1+) or at every device start (5.2-10.0), and whether it runs the
 * CVQ isolation probe's raw ioctls (8.0+). From {@code --qemu VERSION}, or from the log itself.
 *
 * @param client the trace header's client line
 * @param why where the profile came from, for the inferred steps' comments
 */
record QemuProfile(String client, long mask, boolean negotiatesAtInit, boolean probesCvq, String why) {
    /**
     * {@code --qemu 8.2}, {@code --qemu 10.1}, or {@code --qemu persist} for Si-Wei Liu's
     * unmerged IOTLB_PERSIST series. Null for a version this tool does not cover.
     */
    static QemuProfile ofVersion(String version) {
        if (version.equals("persist")) {
            return of(Qemu.Era.SIWEI_PERSIST, "--qemu persist");
        }
        String[] parts = version.split("\\.");
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return null;
        }
        int v = major * 100 + minor;
        String why = "--qemu " + version;
        // 5.1 had vhost-vdpa but negotiated no backend features: not covered.
        if (v < 502) {
            return null;
        }
        return of(v < 800 ? Qemu.Era.V5_2_TO_7_2 : v <= 1000 ? Qemu.Era.V8_0_TO_10_0 : Qemu.Era.V10_1, why);
    }

    private static QemuProfile of(Qemu.Era era, String why) {
        return new QemuProfile(era.id(), era.mask(), era == Qemu.Era.V10_1, era != Qemu.Era.V5_2_TO_7_2, why);
    }

    /**
     * From evidence in the log: IOTLB messages in V2 format are what every QEMU since 5.2 asks
     * for; batch lines imply IOTLB_BATCH, suspend lines SUSPEND, a map in ASID 1 IOTLB_ASID, a
     * flush-map line with persistence on the PERSIST series' DESC_ASID|IOTLB_PERSIST. An
     * {@code asid:} field (8.0+) means the CVQ probe ran; a map before the first device start
     * means the listener was registered at init (10.1+).
     */
    static QemuProfile ofEvidence(Evidence e) {
        long mask = IOTLB_MSG_V2.mask();
        mask |= e.batch() ? IOTLB_BATCH.mask() : 0;
        mask |= e.suspend() ? SUSPEND.mask() : 0;
        mask |= e.asid1() ? IOTLB_ASID.mask() : 0;
        mask |= e.persist() ? DESC_ASID.mask() | IOTLB_PERSIST.mask() : 0;
        String client = e.persist() ? Qemu.Era.SIWEI_PERSIST.id()
                : e.mapsAtInit() ? Qemu.Era.V10_1.id()
                : e.asidField() ? Qemu.Era.V8_0_TO_10_0.id() : Qemu.Era.V5_2_TO_7_2.id();
        return new QemuProfile(client, mask, e.mapsAtInit(), e.asidField(),
                "evidence in the log (" + VhostBackendFeature.names(mask) + ")");
    }
}
