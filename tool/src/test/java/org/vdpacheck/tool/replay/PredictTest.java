package org.vdpacheck.tool.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.vdpacheck.tool.trace.TraceParser;

/** Replayer.predict runs every statement and answers each with impl/'s result, whatever the trace wrote. */
class PredictTest {
    private static final String TRACE = """
            scenario "written for v6.7, predicted for v6.1" {
              kernel v6.1
              parent vdpa_sim
              open -> ok
              set_backend_features IOTLB_MSG_V2 IOTLB_PERSIST -> ok
              expect status DRIVER_OK
              get_backend_features
              set_status ACKNOWLEDGE -> ok
            }
            """;

    @Test
    void aWrongResultNeitherStopsTheRunNorChangesTheAnswer() throws Exception {
        List<Step> steps = Replayer.predict(TraceParser.parse(TRACE, "p.vtrace").get(0)).steps();
        assertEquals(List.of("ok", "EOPNOTSUPP", "0", "IOTLB_MSG_V2 IOTLB_BATCH IOTLB_ASID SUSPEND", "ok"),
                steps.stream().map(Step::actual).toList());
        assertFalse(steps.get(2).matches(), "an expectation impl/ does not bear out still shows");
    }

    @Test
    void replayStopsAtTheSameStep() throws Exception {
        ScenarioResult r = Replayer.replay(TraceParser.parse(TRACE, "p.vtrace").get(0));
        assertEquals(2, r.steps().size());
        assertEquals("EOPNOTSUPP", r.divergence().orElseThrow().actual());
    }
}
