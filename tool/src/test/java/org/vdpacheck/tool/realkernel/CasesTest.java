package org.vdpacheck.tool.realkernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacheck.tool.trace.TraceSyntaxException;

class CasesTest {
    @TempDir
    Path tmp;

    private static String scenario(String name, String kernel, String result, String expect) {
        return "scenario \"" + name + "\" {\n  kernel " + kernel + "\n  parent vdpa_sim\n  open -> ok\n"
                + "  set_backend_features IOTLB_MSG_V2 IOTLB_PERSIST -> " + result + "\n  " + expect + "\n}\n";
    }

    @Test
    void scenariosThatMakeTheSameSyscallsRunOnceWhateverTheirResultsAndUnreadableExpectations() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("traces"));
        Files.writeString(dir.resolve("a.vtrace"), scenario("a", "v6.6", "EOPNOTSUPP", "expect iotlb asid 0 empty"));
        Files.writeString(dir.resolve("b.vtrace"), scenario("b", "v6.7", "ok", "expect backend_features IOTLB_MSG_V2"));
        Files.writeString(dir.resolve("c.vtrace"), scenario("c", "v6.7", "ok", "expect status 0"));
        Cases cases = Cases.collect(List.of(dir));
        assertEquals(List.of("a", "c"), cases.cases().stream().map(c -> c.scenario().trace().name()).toList());
        assertEquals(1, cases.folded());
        assertEquals(dir.toString(), cases.sources().get(dir.resolve("b.vtrace")));
    }

    @Test
    void everyMalformedFileIsReportedWithItsPositions() throws IOException {
        Files.writeString(tmp.resolve("bad.vtrace"), "scenario \"x\" {\n  kernel v6.7\n  parent vdpa_sim\n  opne\n}\n");
        TraceSyntaxException e = assertThrows(TraceSyntaxException.class, () -> Cases.collect(List.of(tmp)));
        assertTrue(e.errors().get(0).startsWith(tmp.resolve("bad.vtrace") + ":4:"), e.errors().toString());
    }
}
