package org.vdpacheck.tool;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.vdpacheck.tool.support.SupportTable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    @DisplayName("--help lists the subcommands")
    void help() {
        CliRun r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("audit"), r.out());
    }

    @Test
    @DisplayName("an unknown subcommand is a usage error: exit 2, a message, no stack trace")
    void unknownSubcommand() {
        CliRun r = run("frobnicate");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("frobnicate"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    @DisplayName("impl-table prints one row per kernel profile and parent")
    void implTable() {
        CliRun r = run("impl-table");
        assertEquals(0, r.exit());
        // 6 profiles x 5 parents, plus the header.
        assertEquals(31, r.out().lines().filter(l -> l.startsWith("v6.") || l.startsWith("rfc")
                || l.startsWith("newest") || l.startsWith("kernel")).count(), r.out());
    }

    private static SupportTable.Row row(String profile, String parent) {
        return SupportTable.measure().rows().stream()
                .filter(r -> r.profile().equals(profile) && r.parent().equals(parent)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("audit cells agree with the kernel facts (kernel-semantics.md c3, d3)")
    void cellsMatchTheKernel() {
        // v6.6 mlx5_vdpa_reset(): destroy the MRs, recreate the 1:1 DMA MR; PERSIST does not exist yet.
        assertEquals("1:1", row("v6.6", "mlx5_vdpa").resetPlain());
        assertEquals("not offered", row("v6.6", "mlx5_vdpa").resetPersist());
        // v6.7: PERSIST acked -> plain .reset keeps the MRs; not acked -> compat_reset(CLEAN_MAP).
        assertEquals("kept", row("v6.7", "mlx5_vdpa").resetPersist());
        assertEquals("1:1", row("v6.7", "vdpa_sim").resetPlain());
        // 6.1.192 vdpasim_do_reset(): vhost_iotlb_reset() of every iommu[], no 1:1 table yet.
        assertEquals("empty", row("v6.1", "vdpa_sim").resetPlain());
        // VDUSE never touches its map on reset and has no reset_map, so PERSIST is never offered.
        assertEquals("kept", row("v6.7", "vduse").resetPlain());
        assertEquals("not offered", row("v6.7", "vduse").resetPersist());
        assertEquals("stale user map", row("v6.7", "vduse").release());
        // Platform IOMMU: the domain is freed at release; the device falls back to its default domain.
        assertEquals("empty", row("v6.7", "platform").release());
        // vdpa_sim batch_mapping=0 on v6.6: cleanup's dma_unmap wipes the 1:1 table (d3.4).
        assertEquals("empty", row("v6.6", "vdpa_sim_dma").release());
        assertTrue(row("v6.6", "vdpa_sim_dma").virtioVdpaAfterRelease());
        // The RFC: mlx5's .reset keeps the MRs even for userspace that never acked PERSIST; reset_map at
        // release brings the DMA MR back but not the cvq iotlb. vdpa_sim has no reset_map, so no PERSIST.
        assertEquals("kept", row("rfc", "mlx5_vdpa").resetPlain());
        assertEquals("1:1", row("rfc", "mlx5_vdpa").release());
        assertFalse(row("rfc", "mlx5_vdpa").virtioVdpaAfterRelease());
        assertEquals("1:1", row("rfc", "vdpa_sim").resetPlain());
        assertEquals("not offered", row("rfc", "vdpa_sim").resetPersist());
    }
}
