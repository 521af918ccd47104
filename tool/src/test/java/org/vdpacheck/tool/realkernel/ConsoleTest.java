package org.vdpacheck.tool.realkernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vdpacheck.tool.emitc.StepLine;

class ConsoleTest {
    private static final List<String> BOOT = List.of(
            "[    0.412345] Run /init as init process",
            "vdpacheck-guest 6.1.192 batch_mapping=1",
            "vdpacheck-run s0001\r",
            "vdpacheck-step 4 ret 0",
            "[    1.2] vhost-vdpa-0: batch id 0 asid 1",
            "vdpacheck-step 5 write -14",
            "vdpacheck-exit s0001 0",
            "vdpacheck-run s0002",
            "vdpacheck-note no 2 MiB pages (errno 12): guest RAM in 4 KiB pages",
            "vdpacheck-step 4 ret -16",
            "vdpacheck-exit s0002 124",
            "vdpacheck-run s0003",
            "vdpacheck-step 4 ret 0");

    private final Console console = new Console(BOOT);

    @Test
    void stepsBelongToTheProgramRunningWhenTheyWerePrinted() {
        assertEquals(Optional.of(new StepLine(4, StepLine.Kind.RET, 0, null)), console.step("s0001", 4));
        assertEquals(Optional.of(new StepLine(5, StepLine.Kind.WRITE, -14, null)), console.step("s0001", 5));
        assertEquals(Optional.of(new StepLine(4, StepLine.Kind.RET, -16, null)), console.step("s0002", 4));
        assertTrue(console.step("s0002", 5).isEmpty());
    }

    @Test
    void exitsAndNotesAreKeptPerProgram() {
        assertEquals(Optional.of(0), console.exit("s0001"));
        assertEquals(Optional.of(124), console.exit("s0002"));
        assertTrue(console.exit("s0003").isEmpty(), "the guest died before s0003 ended");
        assertEquals(Optional.of("no 2 MiB pages (errno 12): guest RAM in 4 KiB pages"), console.note("s0002"));
        assertTrue(console.note("s0001").isEmpty());
    }
}
