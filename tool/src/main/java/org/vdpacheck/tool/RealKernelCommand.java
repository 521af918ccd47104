package org.vdpacheck.tool;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.vdpacheck.tool.audit.ResultCache;
import org.vdpacheck.tool.realkernel.Cases;
import org.vdpacheck.tool.realkernel.Conformance;
import org.vdpacheck.tool.realkernel.EnvironmentException;
import org.vdpacheck.tool.realkernel.Host;
import org.vdpacheck.tool.realkernel.KernelCache;
import org.vdpacheck.tool.realkernel.KernelSeries;
import org.vdpacheck.tool.realkernel.Outcome;
import org.vdpacheck.tool.realkernel.Report;
import org.vdpacheck.tool.trace.TraceSyntaxException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * vdpacheck realkernel: the scenarios on Linux's own vdpa_sim_net and vhost_vdpa, in a VM booting
 * Debian's 6.1 and 6.12 kernel sources built for it, each step's result compared with impl/'s
 * prediction for that kernel. Exit 0: every observable step agrees; 1: a disagreement; 2: bad
 * input, or this machine cannot run it (said plainly: a missing tool, a failed build, a hung guest).
 */
@Command(name = "realkernel", mixinStandardHelpOptions = true,
        description = "Run .vtrace scenarios (vdpa_sim ones) on real Linux kernels in qemu and compare every step "
                + "with impl/'s prediction for that kernel. Kernels are built once into the cache directory.")
final class RealKernelCommand implements Callable<Integer> {
    private static final List<Path> DEFAULT_SOURCES = List.of(Path.of("scenarios"),
            Path.of("generated-tests/src/test/resources/generated/traces"));

    @Spec
    CommandSpec command;

    @Option(names = "--kernel", paramLabel = "6.1|6.12", description = "Kernel series to run on (repeatable; default: both).")
    List<String> kernels;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where kernels are built and kept (default: the vdpacheck cache directory's realkernel/).")
    Path cache;

    @Option(names = "--summary", description = "Per scenario one line, and only the steps that disagree.")
    boolean summary;

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR",
            description = ".vtrace files, or directories to search for them (default: scenarios/ and the generated traces).")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws IOException {
        List<KernelSeries> series = new ArrayList<>();
        for (String k : kernels == null ? List.of("6.1", "6.12") : kernels) {
            series.add(KernelSeries.of(k).orElse(null));
            if (series.get(series.size() - 1) == null) {
                err.println("vdpacheck realkernel: unknown kernel " + k + " (6.1 or 6.12)");
                return 2;
            }
        }
        List<Path> sources = files != null ? files : DEFAULT_SOURCES.stream().filter(Files::exists).toList();
        if (sources.isEmpty()) {
            err.println("vdpacheck realkernel: no scenarios: give .vtrace files or directories");
            return 2;
        }
        Cases cases;
        try {
            cases = Cases.collect(sources);
        } catch (TraceSyntaxException e) {
            e.errors().forEach(err::println);
            return 2;
        }
        KernelCache kernelCache = new KernelCache(cache != null ? cache : ResultCache.standardDir().resolve("realkernel"));
        List<String> missing = Host.missing(true);
        if (!missing.isEmpty()) {
            err.println("vdpacheck realkernel: this machine cannot build and boot the guest; it lacks:");
            missing.forEach(m -> err.println("  " + m));
            return 2;
        }
        err.println(cases.cases().size() + " scenarios (" + cases.folded() + " more run the same syscalls as one of them), "
                + "on linux " + series + ", kernels in " + kernelCache.root());
        err.flush();
        List<Outcome> outcomes = new ArrayList<>();
        Path work = Files.createTempDirectory("vdpacheck-realkernel");
        try {
            for (KernelSeries k : series) {
                KernelCache.Kernel kernel = kernelCache.kernel(k, err);
                err.printf("linux %s: Debian linux-source-%s %s%s%n", k, k, kernel.version(),
                        kernel.buildSeconds() > 0 ? String.format(", built in %.0f s", kernel.buildSeconds()) : ", cached");
                err.flush();
                for (Outcome o : Conformance.run(cases.cases(), kernel, work, err)) {
                    outcomes.add(o);
                    Report.scenario(o, summary, out);
                }
            }
        } catch (EnvironmentException e) {
            err.println("vdpacheck realkernel: " + e.getMessage());
            return 2;
        } finally {
            delete(work);
        }
        out.println();
        Report.table(outcomes, f -> cases.sources().get(f), out);
        if (outcomes.stream().anyMatch(o -> o.problem() != null && o.problem().startsWith("the guest"))) {
            err.println("vdpacheck realkernel: a guest did not finish; its unfinished scenarios are not judged");
            return 2;
        }
        return outcomes.stream().allMatch(o -> o.notRun() != null || o.agrees()) ? 0 : 1;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
