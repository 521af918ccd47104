package org.vdpacheck.tool;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.vdpacheck.tool.alloy.Spec;
import org.vdpacheck.tool.alloy.SpecError;
import org.vdpacheck.tool.audit.Argument;
import org.vdpacheck.tool.audit.ArgumentCheck;
import org.vdpacheck.tool.audit.Audit;
import org.vdpacheck.tool.audit.AuditReport;
import org.vdpacheck.tool.audit.ResultCache;
import org.vdpacheck.tool.audit.Verdict;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;


/**
 * vdpacheck audit: every invariant over the compatibility matrix (userspace client × kernel
 * profile × parent driver) of the bundled spec; every refuted cell with its shortest
 * counterexample as a scenario.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check every invariant in every client x kernel x parent cell and print the matrix, "
                + "with the shortest counterexample of each refuted cell.")
final class AuditCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    CommandSpec command;

    @Mixin
    SpecOptions options;

    @Option(names = "--json", description = "Print the verdicts as a JSON document instead of the matrix.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write one .vtrace per counterexample into DIR.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = command.commandLine().getOut();
        PrintWriter stderr = command.commandLine().getErr();
        if (options.invalid() != null) {
            stderr.println(options.invalid());
            return 2;
        }
        try {
            Path file = options.specFile();
            String hash = Spec.fingerprint(file, null);
            ResultCache cache = options.cache();
            List<Audit.Task> plan = cache.plan(hash).orElse(null);
            if (plan == null) {
                plan = Audit.plan(Spec.load(file));
                cache.putPlan(hash, plan);
            }
            Audit audit = new Audit(() -> Spec.load(file), options.bounds(), options.jobs(), cache, System.err);
            AuditReport report = new AuditReport(hash, options.bounds(), audit.run(hash, plan));
            if (out != null) {
                for (Verdict v : report.refuted()) {
                    AtomicFiles.write(out.resolve(AuditReport.fileName(v)), v.counterexample());
                }
            }
            ArgumentCheck argument = new ArgumentCheck(file, options.bounds(), options.jobs(), cache);
            List<String> assertions = Audit.assertions(plan);
            String thread = ArgumentCheck.render("The review thread, mechanically", "reproduced",
                    argument.evaluate(assertions, report.verdicts(), Argument.thread()))
                    + ArgumentCheck.render("Beyond the thread", "found",
                    argument.evaluate(assertions, report.verdicts(), Argument.beyond()));
            stdout.print(json ? report.json() : thread + report.text());
            stdout.flush();
            return 0;
        } catch (SpecError e) {
            stderr.println(e.getMessage());
            return 2;
        }
    }
}
