package org.vdpacheck.tool.alloy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import edu.mit.csail.sdg.translator.A4Solution;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The enumeration of configurations, each once, shortest first, on a spec small enough to reason about. */
class WitnessesTest {
    private static final Path BUNDLED = Path.of("..", "spec", "vdpacheck.als");
    /** A colour is picked once; a lamp of it lights from the second state on, no sooner. */
    private static final String TOY = """
            module toy
            sig Range {}
            abstract sig Colour {}
            one sig Red, Green, Blue extends Colour {}
            one sig Pick { colour: one Colour }
            var sig Lit in Colour {}
            fact { no Lit and always (Lit' = Lit or Lit' = Lit + Pick.colour) }
            run {} for 3 but 1 Range
            """;
    private static final Map<String, String> RED = Map.of("Pick.colour", "Red");
    private static final Map<String, String> GREEN = Map.of("Pick.colour", "Green");
    private static final Map<String, String> BLUE = Map.of("Pick.colour", "Blue");

    /** Enumerates "the picked colour is lit" from 1 to 3 states; {@code drop} says what to give up when. */
    private static List<String> enumerate(Drop drop) throws SpecError {
        Witnesses w = new Witnesses(Spec.loadModule(BUNDLED, "toy.als", TOY), "sat4j");
        List<String> seen = new ArrayList<>();
        List<Map<String, String>> unwanted = new ArrayList<>();
        w.enumerate(length -> "eventually Pick.colour in Lit", 1, 3, 1, new Witnesses.Sink() {
            @Override
            public boolean accept(A4Solution witness) throws SpecError {
                String colour = w.atoms(witness, "Pick.colour", 0).get(0);
                seen.add(colour + "@" + witness.getTraceLength());
                unwanted.addAll(drop.after(colour));
                return true;
            }

            @Override
            public List<Map<String, String>> unwanted() {
                return unwanted;
            }
        });
        return seen;
    }

    private interface Drop {
        List<Map<String, String>> after(String colour);
    }

    @Test
    void eachConfigurationComesOnceWithItsShortestTrace() throws SpecError {
        List<String> seen = enumerate(colour -> List.of(Map.of("Pick.colour", colour)));
        assertEquals(List.of("Blue@2", "Green@2", "Red@2"), seen.stream().sorted().toList());
    }

    @Test
    void whatIsNoLongerWantedComesNeitherLaterInItsLengthNorInALongerOne() throws SpecError {
        // Pardinus blocks only the configuration it returned; the other two are left out by
        // clauses added to the live problem, and at 3 states the first solution, found before
        // any clause could be added, is one of them and is not handed over.
        List<String> seen = enumerate(colour -> List.of(RED, GREEN, BLUE));
        assertEquals(1, seen.size(), seen.toString());
        assertEquals(2, Integer.parseInt(seen.get(0).substring(seen.get(0).indexOf('@') + 1)));
    }
}
