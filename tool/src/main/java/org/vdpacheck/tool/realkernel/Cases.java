package org.vdpacheck.tool.realkernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.Trace;
import org.vdpacheck.tool.trace.TraceParser;
import org.vdpacheck.tool.trace.TracePrinter;
import org.vdpacheck.tool.trace.TraceSyntaxException;

/**
 * The scenarios of the files and directories given (every .vtrace under a directory, in path
 * order), each tagged with the argument it was found under. Scenarios that would run the same
 * syscalls (the same parent, options and statements, results aside: the generator writes one
 * per kernel profile) are run once, under the first file that has them; expectations other than
 * {@code status} read nothing from the kernel, so they do not tell scenarios apart.
 */
public record Cases(List<Conformance.Case> cases, Map<Path, String> sources, int folded) {
    /** @throws TraceSyntaxException every error of every malformed file, as FILE:LINE:COLUMN: message */
    public static Cases collect(List<Path> arguments) throws TraceSyntaxException, IOException {
        List<Conformance.Case> cases = new ArrayList<>();
        Map<Path, String> sources = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int folded = 0;
        for (Path arg : arguments) {
            for (Path file : files(arg)) {
                sources.put(file, arg.toString());
                try {
                    for (TraceParser.Parsed p : TraceParser.parse(file)) {
                        if (seen.add(behaviour(p.trace()))) {
                            cases.add(new Conformance.Case(file, p));
                        } else {
                            folded++;
                        }
                    }
                } catch (TraceSyntaxException e) {
                    errors.addAll(e.errors());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new TraceSyntaxException(errors);
        }
        return new Cases(cases, sources, folded);
    }

    private static List<Path> files(Path arg) throws IOException {
        if (!Files.isDirectory(arg)) {
            return List.of(arg);
        }
        try (Stream<Path> walk = Files.walk(arg)) {
            return walk.filter(p -> p.toString().endsWith(".vtrace")).sorted().toList();
        }
    }

    /** What the kernel sees of a scenario: its syscalls, and where it reads the status back. */
    private static String behaviour(Trace t) {
        return t.parent() + " " + t.options() + "\n" + t.statements().stream()
                .map(s -> s instanceof Statement.Op op ? TracePrinter.line(new Statement.Op(op.verb(), op.words(), null))
                        : s instanceof Statement.Expect e && e.words().get(0).equals("status") ? "expect status" : null)
                .filter(s -> s != null)
                .collect(Collectors.joining("\n"));
    }
}
