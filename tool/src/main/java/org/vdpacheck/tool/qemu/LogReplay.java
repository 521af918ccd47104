package org.vdpacheck.tool.qemu;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.vdpacheck.dma.Access;
import org.vdpacheck.tool.replay.ReplayException;
import org.vdpacheck.tool.replay.Session;
import org.vdpacheck.tool.replay.Step;
import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.TracePrinter;

/**
 * A QEMU log replayed against impl/, streaming: each statement the {@link LogConverter} makes
 * runs on one {@link Session} as it comes. Reported, each on a line of its own and without
 * stopping: a step whose result the log shows and impl/ does not bear out, and every device DMA
 * that would not reach what QEMU mapped, probed at the first and last byte of each map whenever
 * the device may DMA into it (it starts, or gains a map while running).
 */
public final class LogReplay {
    /** What a log held and what its replay found. */
    public record Report(long lines, long events, long unused, long skipped, long steps, long inferred,
            long divergences, long faults) {
        public boolean clean() {
            return divergences == 0 && faults == 0;
        }

        @Override
        public String toString() {
            return lines + " lines (" + events + " vhost_vdpa events replayed, " + unused + " not used, " + skipped
                    + " other lines skipped), " + steps + " steps (" + inferred + " inferred): " + divergences
                    + " divergences, " + faults + " device DMA faults";
        }
    }

    private final String file;
    private final Session session;
    private final PrintWriter out;
    private final Sink also;
    private final Believed believed = new Believed();
    private long steps;
    private long divergences;
    private long faults;

    private LogReplay(String file, Session session, PrintWriter out, Sink also) {
        this.file = file;
        this.session = session;
        this.out = out;
        this.also = also;
    }

    /**
     * @param qemu {@code --qemu VERSION}, or null to infer what the log cannot show from the log
     * @param also where every statement goes too once replayed (the model check), or null
     * @throws QemuLogException unreadable file, a malformed line, or an unknown QEMU version
     * @throws ReplayException impl/ has no such kernel or parent
     */
    public static Report replay(Path log, String kernel, String parent, String qemu, PrintWriter out, Sink also)
            throws QemuLogException, ReplayException {
        String file = log.toString();
        LogImport imported = LogImport.open(log, qemu, Session.offered(kernel, parent));
        LogReplay r = new LogReplay(file, Session.forLog(kernel, parent), out, also);
        LogImport.Pass p = imported.run(r::step);
        QemuLog.Counts c = p.counts();
        return new Report(c.lines, c.events, c.unused, c.skipped, r.steps, p.inferred(), r.divergences, r.faults);
    }

    private void step(Statement s, Position at) throws QemuLogException {
        Step step;
        try {
            step = session.run(s, at);
        } catch (ReplayException e) {
            throw new QemuLogException(e.format(file));
        }
        if (step == null) {
            return;
        }
        steps++;
        if (!step.matches()) {
            divergences++;
            out.println(file + ":" + at.line() + ": " + step.statement() + ": the log shows " + step.expected()
                    + ", impl returned " + step.actual());
        }
        Statement.Op op = (Statement.Op) s;
        for (Believed.Mapping m : believed.see(op)) {
            probe(m, m.iova(), at, op);
            probe(m, m.iova() + m.size() - 1, at, op);
        }
        if (also != null) {
            also.step(s, at);
        }
    }

    /** One byte of a map QEMU made, accessed by the device as the map allows. */
    private void probe(Believed.Mapping m, long iova, Position at, Statement.Op op) {
        Access access = m.writable() ? Access.WRITE : Access.READ;
        String expected = "0x" + Long.toHexString(m.uaddr() + (iova - m.iova()));
        String actual = session.dma((int) m.asid(), iova, access);
        if (!actual.equals(expected)) {
            faults++;
            out.println(file + ":" + at.line() + ": after " + TracePrinter.line(new Statement.Op(op.verb(), op.words(),
                    null)) + ": device DMA asid " + m.asid() + " iova 0x" + Long.toHexString(iova) + " "
                    + access.name().toLowerCase(java.util.Locale.ROOT) + " would reach " + actual + ", QEMU mapped it to "
                    + expected);
        }
    }
}
