package org.vdpacheck.tool.qemu;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import org.vdpacheck.tool.replay.ReplayException;
import org.vdpacheck.tool.replay.Session;
import org.vdpacheck.tool.trace.Trace;
import org.vdpacheck.tool.trace.TracePrinter;

/**
 * One pass of a QEMU log through the reader and the converter, to whatever takes the
 * statements: {@link #print} writes them as a {@code .vtrace} scenario, {@link LogReplay} runs
 * them. What the log cannot show comes from {@code --qemu VERSION}, else from a first pass over
 * the log for evidence, on a thread of its own while the reader starts.
 */
public final class LogImport {
    private final Path log;
    private final String file;
    /** From {@code --qemu}, or the evidence pass, which runs beside the reader's first chunks. */
    private final Future<QemuProfile> profile;
    private final long offered;

    private LogImport(Path log, Future<QemuProfile> profile, long offered) {
        this.log = log;
        this.file = log.toString();
        this.profile = profile;
        this.offered = offered;
    }

    static LogImport open(Path log, String qemu, long offered) throws QemuLogException {
        if (qemu == null) {
            FutureTask<QemuProfile> scan = new FutureTask<>(() -> QemuProfile.ofEvidence(Evidence.scan(log, log.toString())));
            Thread t = new Thread(scan, "qemu-log-evidence");
            t.setDaemon(true);
            t.start();
            return new LogImport(log, scan, offered);
        }
        QemuProfile given = QemuProfile.ofVersion(qemu);
        if (given == null) {
            throw new QemuLogException("--qemu " + qemu + ": not a QEMU version this tool covers (5.2 to 10.x, "
                    + "or persist for Si-Wei Liu's IOTLB_PERSIST series)");
        }
        return new LogImport(log, CompletableFuture.completedFuture(given), offered);
    }

    private QemuProfile profile() throws QemuLogException {
        try {
            return profile.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QemuLogException q) {
                throw q;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuLogException(file + ":0:0: interrupted");
        }
    }

    /** What one pass of the log gave. */
    record Pass(QemuLog.Counts counts, long inferred) {
    }

    /** The log's statements, in order, to {@code sink}. */
    Pass run(Sink sink) throws QemuLogException {
        QemuLog reader = new QemuLog(file);
        try (QemuLog.Reading reading = reader.start(log)) {
            LogConverter converter = new LogConverter(file, profile(), offered, sink);
            reading.drain(converter::accept);
            converter.finish((int) Math.min(Integer.MAX_VALUE, reader.counts().lines));
            return new Pass(reader.counts(), converter.inferred());
        }
    }

    /**
     * {@code vdpacheck import qemu LOG}: the log as a scenario for {@code kernel} and {@code
     * parent} (the offered backend features, and so what QEMU acks, depend on them), with the
     * log's counts as comments at its end.
     */
    public static void print(Path log, String kernel, String parent, String qemu, PrintWriter out)
            throws QemuLogException, ReplayException {
        LogImport imported = open(log, qemu, Session.offered(kernel, parent));
        out.print(TracePrinter.header(new Trace("qemu log " + log.getFileName(), kernel, parent,
                imported.profile().client(), null, null, Map.of(), List.of())));
        Pass p = imported.run((s, at) -> out.println("  " + TracePrinter.line(s)));
        QemuLog.Counts c = p.counts();
        out.println("  # " + c.lines + " log lines: " + c.events + " vhost_vdpa events used, " + c.unused
                + " not used, " + c.skipped + " other lines skipped; " + p.inferred() + " steps inferred");
        out.println("}");
    }
}
