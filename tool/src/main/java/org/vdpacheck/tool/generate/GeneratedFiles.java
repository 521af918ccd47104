package org.vdpacheck.tool.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.vdpacheck.tool.alloy.Names;
import org.vdpacheck.tool.audit.Verdict;
import org.vdpacheck.tool.trace.Trace;
import org.vdpacheck.tool.trace.TracePrinter;

/**
 * What {@code generate} writes under generated-tests/, as text by relative path: the JUnit
 * classes, one {@code .vtrace} per test, and the coverage of every goal. The generator owns two
 * trees there and nothing else: {@link #JAVA} and {@link #RESOURCES}; they are replaced whole.
 */
public final class GeneratedFiles {
    static final String JAVA = "src/test/java/org/vdpacheck/generated";
    static final String RESOURCES = "src/test/resources/generated";

    private final Map<String, String> files;

    private GeneratedFiles(Map<String, String> files) {
        this.files = files;
    }

    /** {@code provenance}: what the output was generated from, for every file's header. */
    public static GeneratedFiles of(Generator.Result result, String provenance) {
        Map<String, String> files = new TreeMap<>();
        Map<String, JUnitWriter> classes = new LinkedHashMap<>();
        Map<Goal, String> testOf = new LinkedHashMap<>();
        String javaHeader = comment("// ", provenance);
        for (Generator.Test t : result.tests()) {
            Goal first = t.goals().get(0);
            String cls = className(first);
            JUnitWriter w = classes.computeIfAbsent(cls, c -> new JUnitWriter(javaHeader, c,
                    Names.kernel(first.kernel()), Names.parentColumn(first.parent())));
            String method = w.methodName(t.goals());
            String file = "traces/" + Names.kernel(first.kernel()) + "/"
                    + Names.parentColumn(first.parent()).replace('/', '_') + "/" + method + ".vtrace";
            String header = comment("# ", provenance);
            files.put(RESOURCES + "/" + file, header + TracePrinter.print(t.trace()));
            w.test(method, t.goals(), t.trace(), RESOURCES + "/" + file, statementLines(header, t.trace()));
            t.goals().forEach(g -> testOf.put(g, cls + "." + method));
        }
        classes.forEach((cls, w) -> files.put(JAVA + "/" + cls + ".java", w.text()));
        if (!result.clientCells().isEmpty()) {
            files.put(JAVA + "/" + ClientCells.CLASS + ".java", ClientCells.junit(javaHeader, result.clientCells()));
        }
        files.put(RESOURCES + "/coverage.txt", coverage(result, testOf, comment("# ", provenance)));
        return new GeneratedFiles(files);
    }

    public Map<String, String> files() {
        return files;
    }

    /**
     * Replaces the generator's trees under {@code root} with these files: everything is written
     * into a fresh directory beside them first, then each tree is swapped in by renames, so a
     * failure before the swap leaves the previous tests as they were.
     */
    public void write(Path root) throws IOException {
        Path fresh = Files.createTempDirectory(root, ".generate-");
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = fresh.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
            }
            for (String tree : List.of(JAVA, RESOURCES)) {
                Path target = root.resolve(tree);
                Path old = fresh.resolve("old-" + tree.replace('/', '-'));
                Files.createDirectories(target.getParent());
                if (Files.exists(target)) {
                    Files.move(target, old);
                }
                Files.move(fresh.resolve(tree), target);
            }
        } finally {
            delete(fresh);
        }
    }

    /** The files under {@code root} that differ from these, are missing, or should not be there. */
    public List<String> stale(Path root) throws IOException {
        TreeSet<String> differ = new TreeSet<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            if (!Files.isRegularFile(p) || !Files.readString(p, StandardCharsets.UTF_8).equals(f.getValue())) {
                differ.add(f.getKey());
            }
        }
        for (String tree : List.of(JAVA, RESOURCES)) {
            Path dir = root.resolve(tree);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                            .filter(p -> !files.containsKey(p)).forEach(differ::add);
                }
            }
        }
        return new ArrayList<>(differ);
    }

    /** V67Mlx5VdpaTest, RfcVdpaSimDmaTest: kernel and parent column in Java's spelling. */
    private static String className(Goal g) {
        return camel(Names.kernel(g.kernel())) + camel(Names.parentColumn(g.parent())) + "Test";
    }

    private static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    /** The line of each statement in the file: the header, the scenario line, its header lines. */
    private static List<Integer> statementLines(String fileHeader, Trace t) {
        int line = (int) fileHeader.lines().count() + 3 + t.options().size();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < t.statements().size(); i++) {
            lines.add(++line);
        }
        return lines;
    }

    private static String coverage(Generator.Result result, Map<Goal, String> testOf, String header) {
        StringBuilder sb = new StringBuilder(header);
        sb.append("# Every coverage goal of the spec: covered (by which test), unreachable within the bound, or timed out.\n");
        result.goals().forEach((g, status) -> {
            sb.append(String.format("%-11s %s", status.name().toLowerCase().replace('_', ' '), g));
            if (testOf.containsKey(g)) {
                sb.append("  ->  ").append(testOf.get(g));
            }
            sb.append('\n');
        });
        sb.append("# Every client cell impl/ has a client model for, with the audit's verdict (").append(ClientCells.CLASS)
                .append(").\n");
        result.clientCells().forEach(c -> {
            Verdict v = c.verdict();
            sb.append(String.format("%-11s %s: %s on %s %s, acking %s; %s\n", v.holds() ? "holds" : "refuted",
                    v.assertion(), Names.client(v.cell().client()), Names.kernel(v.cell().kernel()),
                    Names.parentColumn(v.cell().parent()), c.acked().isEmpty() ? "nothing" : c.acked(), life(c)));
        });
        return sb.toString();
    }

    /** The client.als description of a cell's life, in words. */
    private static String life(Generator.ClientCell c) {
        StringBuilder sb = new StringBuilder(c.probes() ? "probes CVQ isolation, " : "no probe, ");
        sb.append(c.mapsInStart() ? "maps RAM in a start" : c.mapsBeforeProbe() ? "maps RAM before the probe"
                : "maps RAM before a start");
        sb.append(c.remaps() ? ", remaps after a reset" : ", keeps RAM mapped across a reset");
        sb.append(c.shadowsCvq() ? ", shadow CVQ in ASID 1" : "");
        return sb.append(c.skipsAckDriver() ? ", first start without ACKNOWLEDGE|DRIVER" : "").toString();
    }

    private static String comment(String prefix, String text) {
        StringBuilder sb = new StringBuilder();
        text.lines().forEach(l -> sb.append(prefix).append(l).append('\n'));
        return sb.toString();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
