package org.vdpacheck.tool.alloy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the generator reads off the spec's text rather than from a solution. */
class SpecTest {
    private static final Path BUNDLED = Path.of("..", "spec", "vdpacheck.als");

    @Test
    void aUnionOfEventsIsReadInTheOrderWritten() throws SpecError {
        assertEquals(List.of("GetBackendFeatures", "SetBackendFeatures", "SetStatus", "SetFeatures", "GetVringGroup",
                "GetVringDescGroup", "SetGroupAsid", "SetVringAddr", "SetVringBase", "GetVringBase", "Update"),
                Spec.load(BUNDLED).union("argEvents"));
    }

    @Test
    void aFunctionOfAnotherShapeIsAnErrorAtItsPosition() throws SpecError {
        Spec spec = Spec.loadModule(BUNDLED, "probe.als",
                "module probe\nopen vdpacheck\nfun notAUnion: set Event {\n  Event - Open\n}\n");
        SpecError e = assertThrows(SpecError.class, () -> spec.union("notAUnion"));
        assertTrue(e.getMessage().contains("probe.als:4:"), e.getMessage());
        assertTrue(e.getMessage().contains("notAUnion must be a union of one-sigs"), e.getMessage());
        SpecError none = assertThrows(SpecError.class, () -> spec.union("noSuchFunction"));
        assertTrue(none.getMessage().endsWith("the spec has no function noSuchFunction"), none.getMessage());
    }
}
