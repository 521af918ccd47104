package org.vdpacheck.tool.realkernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.vdpacheck.tool.emitc.StepLine;
import org.vdpacheck.tool.trace.Statement;

/** A kernel's answer spelled as replay spells impl/'s, so that the two compare as strings. */
class RenderTest {
    private static String render(String verb, StepLine.Kind kind, long value) {
        return Conformance.render(new Statement.Op(verb, List.of(), null), new StepLine(1, kind, value, null));
    }

    @Test
    void returnsAndWrites() {
        assertEquals("ok", render("set_owner", StepLine.Kind.RET, 0));
        assertEquals("EOPNOTSUPP", render("set_backend_features", StepLine.Kind.RET, -95));
        assertEquals("ok", render("update", StepLine.Kind.WRITE, 72));
        assertEquals("EFAULT", render("update", StepLine.Kind.WRITE, -14));
        assertEquals("a short write of 40 bytes", render("update", StepLine.Kind.WRITE, 40));
    }

    @Test
    void whatAGetCopiedOutIsReadAsItsVerbsType() {
        assertEquals("IOTLB_MSG_V2 IOTLB_BATCH IOTLB_ASID SUSPEND", render("get_backend_features", StepLine.Kind.GET, 0x1e));
        assertEquals("ACKNOWLEDGE DRIVER", render("get_status", StepLine.Kind.GET, 0x3));
        assertEquals("1", render("get_vring_group", StepLine.Kind.GET, 1));
        assertEquals("2", render("get_vring_desc_group", StepLine.Kind.GET, 2));
        assertEquals("0x1234", render("get_features", StepLine.Kind.GET, 0x1234));
        assertEquals("DRIVER", Conformance.render(new Statement.Expect(List.of("status", "DRIVER")),
                new StepLine(1, StepLine.Kind.GET, 0x2, null)));
        assertEquals("2", Conformance.render(new Statement.Expect(List.of("as_num", "2")),
                new StepLine(1, StepLine.Kind.GET, 0x2, null)));
        assertEquals("32768", Conformance.render(new Statement.Expect(List.of("vring_num", "256")),
                new StepLine(1, StepLine.Kind.GET, 0x8000, null)));
        assertEquals("0x0 0xffffffffffff", Conformance.render(new Statement.Expect(List.of("iova_range", "0x0", "0x1")),
                new StepLine(1, StepLine.Kind.GET, 0, 0xffff_ffff_ffffL, null)));
    }
}
