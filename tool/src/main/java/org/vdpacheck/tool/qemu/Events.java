package org.vdpacheck.tool.qemu;

import java.util.List;

import org.vdpacheck.tool.qemu.parse.QemuTraceParser;
import org.vdpacheck.tool.qemu.parse.QemuTraceParser.NumContext;

/** A parsed line of grammar/QemuTrace.g4 as the {@link LogEvent} it stands for. */
final class Events {
    private Events() {
    }

    /** The event, or null for a vhost_vdpa event replay has no use for. */
    static LogEvent of(QemuTraceParser.LineContext line, int n) throws QemuLogException {
        if (line.failure() != null) {
            List<NumContext> nums = line.failure().num();
            return new LogEvent.WriteFailed(n, (int) value(nums.get(1)));
        }
        QemuTraceParser.EventContext e = line.event();
        if (e instanceof QemuTraceParser.DmaMapContext m) {
            // "asid:" only from 8.0 (Eugenio Pérez's ASID series); before, every map was in ASID 0.
            List<NumContext> v = m.num();
            int k = v.size() == 8 ? 1 : 0;
            return new LogEvent.DmaMap(n, k == 1 ? value(v.get(2)) : 0, value(v.get(2 + k)), value(v.get(3 + k)),
                    value(v.get(4 + k)), value(v.get(5 + k)));
        }
        if (e instanceof QemuTraceParser.DmaUnmapContext u) {
            List<NumContext> v = u.num();
            int k = v.size() == 6 ? 1 : 0;
            return new LogEvent.DmaUnmap(n, k == 1 ? value(v.get(2)) : 0, value(v.get(2 + k)), value(v.get(3 + k)));
        }
        if (e instanceof QemuTraceParser.BatchBeginContext) {
            return new LogEvent.BatchBegin(n);
        }
        if (e instanceof QemuTraceParser.BatchEndContext) {
            return new LogEvent.BatchEnd(n);
        }
        if (e instanceof QemuTraceParser.AddStatusContext a) {
            return new LogEvent.AddStatus(n, (int) value(a.num()));
        }
        if (e instanceof QemuTraceParser.ResetDeviceContext) {
            return new LogEvent.ResetDevice(n);
        }
        if (e instanceof QemuTraceParser.SuspendContext) {
            return new LogEvent.Suspend(n);
        }
        if (e instanceof QemuTraceParser.VringReadyContext r) {
            // set_vring_ready only ever enabled; 5.2-7.2 did not trace the index.
            return r.num().isEmpty() ? new LogEvent.VringEnable(n, -1, true, 0)
                    : new LogEvent.VringEnable(n, value(r.num(0)), true, value(r.num(1)));
        }
        if (e instanceof QemuTraceParser.VringEnableOneContext r) {
            return new LogEvent.VringEnable(n, value(r.num(0)), value(r.num(1)) != 0, value(r.num(2)));
        }
        if (e instanceof QemuTraceParser.SetAsidContext s) {
            return new LogEvent.SetGroupAsid(n, value(s.num(0)), value(s.num(1)));
        }
        if (e instanceof QemuTraceParser.InitContext) {
            return new LogEvent.Init(n);
        }
        if (e instanceof QemuTraceParser.SetOwnerContext) {
            return new LogEvent.SetOwner(n);
        }
        if (e instanceof QemuTraceParser.SetFeaturesContext) {
            return new LogEvent.SetFeatures(n);
        }
        if (e instanceof QemuTraceParser.MaybeFlushContext f) {
            return new LogEvent.FlushMap(n, value(f.num(2)) != 0);
        }
        if (e instanceof QemuTraceParser.FlushMapContext f) {
            return new LogEvent.FlushMap(n, value(f.num(2)) != 0);
        }
        return null;
    }

    /** A %d, %u or 0x%x field; the error names the column only, the reader adds file and line. */
    private static long value(NumContext num) throws QemuLogException {
        String t = num.getText();
        try {
            return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new QemuLogException((num.getStart().getCharPositionInLine() + 1) + ": " + t
                    + " does not fit in 64 bits");
        }
    }
}
