package org.vdpacheck.tool.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a log shows about the QEMU that wrote it (qemu-clients.md §0.5: batch lines imply
 * IOTLB_BATCH, suspend lines SUSPEND, {@code asid: 1} IOTLB_ASID), gathered by a first pass of
 * plain string searches: the negotiation it decides comes before the lines that show it.
 */
record Evidence(boolean batch, boolean suspend, boolean asid1, boolean asidField, boolean persist,
        boolean mapsAtInit) {

    static Evidence scan(Path path, String file) throws QemuLogException {
        boolean batch = false;
        boolean suspend = false;
        boolean asid1 = false;
        boolean asidField = false;
        boolean persist = false;
        boolean started = false;
        boolean mapsAtInit = false;
        // Latin-1: what is searched for is ASCII, and decoding a byte per char costs least.
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1)) {
            String l;
            while ((l = in.readLine()) != null) {
                if (!QemuLog.ours(l)) {
                    continue;
                }
                batch |= l.contains("_begin_batch ");
                suspend |= l.contains("vhost_vdpa_suspend ");
                started |= l.contains("vhost_vdpa_set_features ");
                persist |= l.contains("flush_map ") && (l.contains("persist: 1") || l.contains("iotlb_persistent: 1"));
                if (l.contains("vhost_vdpa_dma_map ")) {
                    asidField |= l.contains(" asid: ");
                    asid1 |= l.contains(" asid: 1 ");
                    mapsAtInit |= !started;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new QemuLogException(file + ":0:0: cannot read: " + e.getMessage());
        }
        return new Evidence(batch, suspend, asid1, asidField, persist, mapsAtInit);
    }
}
