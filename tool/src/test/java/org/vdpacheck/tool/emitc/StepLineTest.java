package org.vdpacheck.tool.emitc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class StepLineTest {
    @Test
    void readsEachKind() {
        assertEquals(Optional.of(new StepLine(7, StepLine.Kind.RET, -22, null)), StepLine.parse("vdpacheck-step 7 ret -22"));
        assertEquals(Optional.of(new StepLine(8, StepLine.Kind.WRITE, 72, null)), StepLine.parse("vdpacheck-step 8 write 72\r"));
        assertEquals(Optional.of(new StepLine(9, StepLine.Kind.GET, 0xffff_ffff_ffff_ffffL, null)),
                StepLine.parse("vdpacheck-step 9 get 0xffffffffffffffff"));
        assertEquals(Optional.of(new StepLine(10, StepLine.Kind.NA, 0, "no uapi reads it")),
                StepLine.parse("vdpacheck-step 10 na no uapi reads it"));
        assertEquals(Optional.of(new StepLine(11, StepLine.Kind.GET, 0, 0xffff_ffff_ffffL, null)),
                StepLine.parse("vdpacheck-step 11 get 0x0 0xffffffffffff"), "GET_IOVA_RANGE: first and last");
    }

    @Test
    void ignoresWhatIsNotAStep() {
        assertTrue(StepLine.parse("[    1.234] vhost-vdpa-0: batch id 0 asid 1").isEmpty());
        assertTrue(StepLine.parse("vdpacheck-step x ret 0").isEmpty());
        assertTrue(StepLine.parse("vdpacheck-step 3 get 1234").isEmpty(), "a GET value is hex");
        assertTrue(StepLine.parse("vdpacheck-step 3 ret").isEmpty());
        assertTrue(StepLine.parse("vdpacheck-step 3 get 0x0 0x1 0x2").isEmpty(), "at most two values");
        assertTrue(StepLine.parse("vdpacheck-step 3 get 0x0 12").isEmpty(), "both hex");
    }
}
