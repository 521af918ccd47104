package org.vdpacheck.tool.realkernel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.vdpacheck.tool.emitc.StepLine;

/**
 * What the guest's serial console says about each program: its steps by scenario line, its exit
 * status (124: killed by the guest's timeout), and its notes (guest RAM it could not lay out as
 * replay does). Lines of anything else (the kernel's own messages) are ignored.
 */
final class Console {
    private final Map<String, Map<Integer, StepLine>> steps = new HashMap<>();
    private final Map<String, Integer> exits = new HashMap<>();
    private final Map<String, String> notes = new HashMap<>();

    Console(List<String> lines) {
        String current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("vdpacheck-run ")) {
                current = line.substring("vdpacheck-run ".length());
            } else if (line.startsWith("vdpacheck-exit ") && current != null) {
                String[] w = line.split(" ");
                exits.put(w[1], w.length > 2 && w[2].matches("\\d+") ? Integer.parseInt(w[2]) : -1);
            } else if ((line.startsWith("vdpacheck-note ") || line.startsWith("vdpacheck-error ")) && current != null) {
                notes.merge(current, line.substring(line.indexOf(' ') + 1), (a, b) -> a + "; " + b);
            } else if (current != null) {
                String program = current;
                StepLine.parse(line).ifPresent(s -> steps.computeIfAbsent(program, k -> new HashMap<>()).put(s.line(), s));
            }
        }
    }

    Optional<StepLine> step(String program, int line) {
        return Optional.ofNullable(steps.getOrDefault(program, Map.of()).get(line));
    }

    /** The program's exit status, if it ran to an exit the guest saw. */
    Optional<Integer> exit(String program) {
        return Optional.ofNullable(exits.get(program));
    }

    Optional<String> note(String program) {
        return Optional.ofNullable(notes.get(program));
    }
}
