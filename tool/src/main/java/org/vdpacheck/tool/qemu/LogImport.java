package org.vdpacheck.tool.qemu;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.vdpacheck.tool.replay.ReplayException;
import org.vdpacheck.tool.replay.Session;
import org.vdpacheck.tool.trace.Trace;
import org.vdpacheck.tool.trace.TracePrinter;

/**
 * One pass of a QEMU log through the reader and the converter, to whatever takes the
 * statements: {@link #print} writes them as a {@code .vtrace} scenario, {@link LogReplay} runs
 * them. What the log cannot show comes from {@code --qemu VERSION}, else from a first pass over
 * the log for evidence.
 */
public final class LogImport {
    private final Path log;
    private final String file;
    private final QemuProfile profile;
    private final long offered;

    private LogImport(Path log, QemuProfile profile, long offered) {
        this.log = log;
        this.file = log.toString();
        this.profile = profile;
        this.offered = offered;
    }

    static LogImport open(Path log, String qemu, long offered) throws QemuLogException {
        QemuProfile profile = qemu == null ? QemuProfile.ofEvidence(Evidence.scan(log, log.toString()))
                : QemuProfile.ofVersion(qemu);
        if (profile == null) {
            throw new QemuLogException("--qemu " + qemu + ": not a QEMU version this tool covers (5.2 to 10.x, "
                    + "or persist for Si-Wei Liu's IOTLB_PERSIST series)");
        }
        return new LogImport(log, profile, offered);
    }

    LogConverter converter(Sink sink) {
        return new LogConverter(file, profile, offered, sink);
    }

    QemuLog.Counts run(LogConverter converter) throws QemuLogException {
        QemuLog reader = new QemuLog(file);
        reader.read(log, converter::accept);
        converter.finish((int) Math.min(Integer.MAX_VALUE, reader.counts().lines));
        return reader.counts();
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
                imported.profile.client(), null, null, Map.of(), List.of())));
        LogConverter converter = imported.converter((s, at) -> out.println("  " + TracePrinter.line(s)));
        QemuLog.Counts c = imported.run(converter);
        out.println("  # " + c.lines + " log lines: " + c.events + " vhost_vdpa events used, " + c.unused
                + " not used, " + c.skipped + " other lines skipped; " + converter.inferred() + " steps inferred");
        out.println("}");
    }
}
