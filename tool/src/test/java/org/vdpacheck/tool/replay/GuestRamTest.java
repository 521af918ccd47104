package org.vdpacheck.tool.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.Trace;

class GuestRamTest {
    private static Statement update(String uaddr, String size) {
        return new Statement.Op("update", List.of("asid", "0", "iova", "0x0", "size", size, "uaddr", uaddr, "perm", "rw"),
                "ok");
    }

    private static Vma ram(Statement... s) {
        return GuestRam.of(new Trace("t", "v6.7", "vdpa_sim", null, null, null, Map.of(), List.of(s)));
    }

    @Test
    void coversEveryUpdateRoundedOutToHugePages() {
        Vma v = ram(update("0x7f0000301000", "0x1000"), update("0x7f0000500000", "0x300001"),
                update("0x1000", "0x0"));
        assertEquals(0x7f00_0020_0000L, v.start());
        assertEquals(0x7f00_0000_0000L + (10L << 20), v.end());
        assertTrue(v.shared() && v.fileBacked() && v.writable());
    }

    @Test
    void aScenarioThatMapsNothingGetsTwoMibAtTheUsualPlace() {
        Vma v = ram(new Statement.Op("open", List.of(), null));
        assertEquals(0x7f00_0000_0000L, v.start());
        assertEquals(2L << 20, v.end() - v.start());
    }

    @Test
    void theHeadersGuestRamIsAllThereIsWhateverTheUpdatesName() {
        Vma v = GuestRam.of(new Trace("t", "v6.7", "vdpa_sim", null, null, null, Map.of("guest_ram", "0x400000"),
                List.of(update("0x7f00003ff000", "0x2000"), update("0x1000", "0x1000"))));
        assertEquals(0x7f00_0000_0000L, v.start());
        assertEquals(0x7f00_0040_0000L, v.end());
    }

    @Test
    void anUpdateReachingTheTopOfTheAddressSpaceStopsAtTheLastPage() {
        Vma v = ram(update("0xffffffffffe01000", "0x200000"));
        assertEquals(0xffff_ffff_ffe0_0000L, v.start());
        assertEquals(-4096L, v.end());
    }
}
