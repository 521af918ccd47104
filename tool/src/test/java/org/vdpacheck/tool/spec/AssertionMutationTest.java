package org.vdpacheck.tool.spec;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdpacheck.tool.alloy.SpecError;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every assertion holds in a cell of the merged series (v6.7) and fails when that kernel is
 * mutated by one change (spec/mutants/mutants.als): none of them holds by construction.
 */
class AssertionMutationTest {
    private static SpecFixture spec;

    @BeforeAll
    static void load() throws SpecError {
        spec = new SpecFixture();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // assertion, parent, client, mutant kernel that breaks it
                Arguments.of("PersistSurvivesReset", "VdpaSim", "AnyClient", "PersistEverywhere"),
                Arguments.of("NegotiationSound", "VdpaSim", "AnyClient", "NoParentFeatures"),
                Arguments.of("OldClientUnchanged", "Mlx5", "AnyClient", "NoCompatReset"),
                Arguments.of("ReleaseRestoresInitial", "Mlx5", "AnyClient", "NoReleaseResetMap"),
                Arguments.of("NoDmaAfterRelease", "Mlx5", "AnyClient", "NoReleaseResetMap"),
                Arguments.of("NoFaultForCorrectPair", "Mlx5", "CloudHypervisor", "NoPersist"),
                Arguments.of("PermissionsHold", "Platform", "AnyClient", "RoWritable"),
                Arguments.of("IotlbAgreement", "Platform", "AnyClient", "RoWritable"));
    }

    @ParameterizedTest(name = "{0}: holds on v6.7 {1}, fails on {3}")
    @MethodSource("cases")
    void holdsOnMergedFailsOnMutant(String assertion, String parent, String client, String mutant) throws SpecError {
        assertTrue(spec.holds(assertion, "V67", parent, client), assertion + " on v6.7 " + parent);
        assertFalse(spec.holdsOnMutant(assertion, mutant, parent, client), assertion + " on " + mutant + " " + parent);
    }

    @Test
    @DisplayName("GroupsSurviveReset holds only where no group can move (platform) and fails where one can (mlx5)")
    void groups() throws SpecError {
        assertTrue(spec.holds("GroupsSurviveReset", "V67", "Platform", "AnyClient"));
        assertFalse(spec.holds("GroupsSurviveReset", "V67", "Mlx5", "AnyClient"));
    }

    @Test
    @DisplayName("BatchClosedByReset fails on the merged series: in_batch survives SET_STATUS 0 (b2)")
    void batch() throws SpecError {
        assertFalse(spec.holds("BatchClosedByReset", "V67", "VdpaSim", "AnyClient"));
    }
}
