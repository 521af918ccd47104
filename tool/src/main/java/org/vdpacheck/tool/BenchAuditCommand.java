package org.vdpacheck.tool;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import edu.mit.csail.sdg.alloy4.Version;
import org.vdpacheck.tool.alloy.Spec;
import org.vdpacheck.tool.alloy.SpecError;
import org.vdpacheck.tool.audit.Audit;
import org.vdpacheck.tool.audit.ResultCache;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * vdpacheck bench-audit: the full audit, cold and warm, beside the Alloy 6.2 CLI running the
 * same checks (one command per cell and assertion, in one file), in the same run.
 */
@Command(name = "bench-audit", mixinStandardHelpOptions = true,
        description = "Time the full audit (cold cache, then warm) beside `java -jar "
                + "org.alloytools.alloy.dist-6.2.0.jar exec` running the same checks, and print the ratio.")
final class BenchAuditCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    CommandSpec command;

    @Mixin
    SpecOptions options;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = command.commandLine().getOut();
        if (options.invalid() != null) {
            command.commandLine().getErr().println(options.invalid());
            return 2;
        }
        Path specFile = options.specFile().toAbsolutePath();
        Path scratch = Files.createTempDirectory("vdpacheck-bench");
        Path cliFile = specFile.getParent().resolve(".bench-" + ProcessHandle.current().pid() + ".als");
        try {
            Spec spec = Spec.load(specFile);
            List<Audit.Task> plan = Audit.plan(spec);
            AtomicFiles.write(cliFile, cliModule(plan));
            double cli = time(() -> runCli(cliFile, scratch.resolve("cli")));
            ResultCache cache = new ResultCache(scratch.resolve("cache"));
            Audit audit = new Audit(() -> Spec.load(specFile), options.bounds(), options.jobs(), cache, null);
            double cold = time(() -> audit.run(spec.hash(), plan));
            double warm = time(() -> audit.run(Spec.fingerprint(specFile, null), plan));
            out.printf(Locale.ROOT, "%d checks at %d steps, %d IOVA ranges, solver %s, %d jobs, %d cores%n", plan.size(),
                    options.steps(), options.ranges, options.solver, options.jobs(),
                    Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "Alloy %s CLI exec (one JVM, sequential):  %8.1f s%n", Version.version(), cli);
            out.printf(Locale.ROOT, "vdpacheck audit, cold cache:                 %8.1f s  (%.2f x the CLI's time)%n", cold,
                    cold / cli);
            out.printf(Locale.ROOT, "vdpacheck audit, warm cache:                 %8.2f s%n", warm);
            out.flush();
            return 0;
        } catch (SpecError e) {
            command.commandLine().getErr().println(e.getMessage());
            return 2;
        } finally {
            Files.deleteIfExists(cliFile);
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Every planned check as a command of one module, the cell as the assertion's premise. */
    private String cliModule(List<Audit.Task> plan) {
        StringBuilder sb = new StringBuilder("module ").append("bench\nopen vdpacheck\n");
        int i = 0;
        for (Audit.Task t : plan) {
            String pred = Character.toLowerCase(t.assertion().charAt(0)) + t.assertion().substring(1);
            sb.append("check c").append(i++).append(" { (").append(t.cell().formula()).append(") implies ").append(pred)
                    .append(" } for 3 but ").append(options.ranges).append(" Range, ").append(options.steps())
                    .append(" steps\n");
        }
        return sb.toString();
    }

    private void runCli(Path file, Path outDir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-jar", distJar(),
                "exec", "-s", options.solver, "-t", "none", "-o", outDir.toString(), "-f", "-q", file.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("the Alloy CLI exited with " + p.exitValue());
        }
    }

    private static String distJar() {
        try {
            return new File(Version.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Timed {
        void run() throws Exception;
    }

    private static double time(Timed t) {
        long start = System.nanoTime();
        try {
            t.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
