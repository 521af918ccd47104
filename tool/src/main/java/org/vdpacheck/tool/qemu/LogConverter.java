package org.vdpacheck.tool.qemu;

import java.util.ArrayList;
import java.util.List;

import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.uapi.Errno;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.uapi.VirtioStatus;

import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_ASID;
import static org.vdpacheck.uapi.VirtioStatus.ACKNOWLEDGE;
import static org.vdpacheck.uapi.VirtioStatus.DRIVER;
import static org.vdpacheck.uapi.VirtioStatus.FEATURES_OK;

/**
 * A QEMU log's events as statements of the trace language, the mapping of qemu-clients.md §6.
 * What the log cannot show is inferred from the {@link QemuProfile} and marked with a comment
 * starting {@code inferred:}: the open and the close of the fd, backend-feature negotiation, and
 * the raw ioctls of the CVQ isolation probe. The result of an IOTLB write is what the log shows:
 * {@code ok}, or the errno of a "failed to write" line right after it; other results the log does
 * not show are left unchecked.
 */
final class LogConverter {
    /** How many statements the wait for the last vhost_vdpa_init may hold: keeps memory constant. */
    private static final int INIT_WINDOW = 4096;
    /** QEMU's net client: one queue pair and its CVQ, as impl/'s Qemu (qemu-clients.md §1.5). */
    private static final int CVQ_INDEX = 2;
    /** VHOST_VDPA_GET_VRING_GROUP of the CVQ on vdpa_sim and mlx5_vdpa (vdpasim_net, mlx5_vdpa_get_vq_group()). */
    private static final int CVQ_GROUP = 1;

    /** A statement held back during the init phase; null marks a vhost_vdpa_init line. */
    private record Held(Statement statement, Position at) {
    }

    private final String file;
    private final QemuProfile profile;
    private final long acked;
    private final boolean offersAsid;
    private final Sink sink;
    private boolean opened;
    private int status;
    private boolean featuresSet;
    private Statement.Op pendingWrite;
    private Position pendingAt;
    /** From the first vhost_vdpa_init to the first start: where the CVQ probe goes is not known yet. */
    private List<Held> initPhase;
    private int lastInit = -1;
    private boolean probed;
    private boolean negotiatedAtInit;
    /** A group bound to a non-zero ASID since the last reset. */
    private boolean groupBound;
    private long inferred;

    /** @param offered what the kernel × parent offers to VHOST_GET_BACKEND_FEATURES */
    LogConverter(String file, QemuProfile profile, long offered, Sink sink) {
        this.file = file;
        this.profile = profile;
        this.acked = offered & profile.mask();
        this.offersAsid = IOTLB_ASID.in(offered);
        this.sink = sink;
    }

    long inferred() {
        return inferred;
    }

    void accept(LogEvent e) throws QemuLogException {
        Position at = new Position(e.line(), 1);
        if (e instanceof LogEvent.WriteFailed f) {
            if (pendingWrite != null) {
                String errno = Errno.name(-f.errno());
                finishWrite(errno.startsWith("errno") ? null : errno, "the log: failed to write, errno=" + f.errno());
            }
            return;
        }
        if (pendingWrite != null) {
            finishWrite("ok", null);
        }
        if (!opened) {
            opened = true;
            infer(op("open"), at, "net_init_vhost_vdpa() opened the device before the first trace");
        }
        if (e instanceof LogEvent.Init) {
            init(at);
        } else if (e instanceof LogEvent.SetOwner) {
            emit(op("set_owner"), at);
        } else if (e instanceof LogEvent.SetFeatures) {
            // The first device start ends the init phase: the CVQ probe ran before the last init.
            endInitPhase();
            featuresSet = true;
        } else if (e instanceof LogEvent.AddStatus a) {
            addStatus(a.bits(), at);
        } else if (e instanceof LogEvent.ResetDevice) {
            status = 0;
            groupBound = false;
            emit(op("set_status", "0"), at);
        } else if (e instanceof LogEvent.Suspend) {
            emit(op("suspend"), at);
        } else if (e instanceof LogEvent.SetGroupAsid g) {
            groupBound = true;
            emit(op("set_group_asid", "group", Long.toString(g.group()), "asid", Long.toString(g.asid())), at);
        } else if (e instanceof LogEvent.VringEnable v) {
            vringEnable(v, at);
        } else if (e instanceof LogEvent.DmaMap m) {
            if (m.asid() != 0 && !groupBound) {
                groupBound = true;
                infer(op("set_group_asid", "group", Integer.toString(CVQ_GROUP), "asid", Long.toString(m.asid())), at,
                        "vhost_vdpa_net_cvq_start() binds the CVQ's group to its ASID before mapping its buffers "
                                + "(traced only from 9.0)");
            }
            write(op("update", "asid", Long.toString(m.asid()), "iova", hex(m.iova()), "size", hex(m.size()),
                    "uaddr", hex(m.uaddr()), "perm", perm(m.perm(), e.line())), at);
        } else if (e instanceof LogEvent.DmaUnmap u) {
            write(op("invalidate", "asid", Long.toString(u.asid()), "iova", hex(u.iova()), "size", hex(u.size())), at);
        } else if (e instanceof LogEvent.BatchBegin) {
            write(op("batch_begin"), at);
        } else if (e instanceof LogEvent.BatchEnd) {
            write(op("batch_end"), at);
        }
    }

    /** The end of the log: QEMU exited, and the kernel closed its fd. */
    void finish(int lastLine) throws QemuLogException {
        if (pendingWrite != null) {
            finishWrite("ok", null);
        }
        endInitPhase();
        if (opened) {
            infer(op("release"), new Position(lastLine, 1), "the fd is closed when QEMU exits");
        }
    }

    /**
     * vhost_vdpa_init(): the first one of a 10.1+ QEMU acks the backend features
     * ("vdpa: set backend capabilities at vhost_vdpa_init"); the CVQ probe runs right before the
     * last one, in net_vhost_vdpa_init() of the CVQ (vhost_vdpa_probe_cvq_isolation(), 8.0+).
     */
    private void init(Position at) throws QemuLogException {
        if (profile.negotiatesAtInit() && !negotiatedAtInit) {
            negotiatedAtInit = true;
            negotiate(at, "vhost_vdpa_init() acks the backend features (10.1+)");
        }
        if (profile.probesCvq() && !probed && !featuresSet) {
            if (initPhase == null) {
                initPhase = new ArrayList<>();
            }
            lastInit = initPhase.size();
            initPhase.add(new Held(null, at));
        }
    }

    private void endInitPhase() throws QemuLogException {
        if (initPhase == null) {
            return;
        }
        List<Held> held = initPhase;
        initPhase = null;
        for (int i = 0; i < held.size(); i++) {
            if (i == lastInit) {
                probe(held.get(i).at());
            }
            if (held.get(i).statement() != null) {
                sink.step(held.get(i).statement(), held.get(i).at());
            }
        }
    }

    /**
     * vhost_vdpa_probe_cvq_isolation() (net/vhost-vdpa.c): raw ioctls, untraced. With IOTLB_ASID
     * offered it drives the device to FEATURES_OK, asks the CVQ's and the data vqs' groups, and
     * resets it with a raw SET_STATUS 0: the device is at status 0 until the next start.
     */
    private void probe(Position at) throws QemuLogException {
        probed = true;
        String why = "vhost_vdpa_probe_cvq_isolation() (net/vhost-vdpa.c, 8.0+)";
        infer(op("get_backend_features"), at, why);
        if (!offersAsid) {
            return;
        }
        infer(op("set_status", "ACKNOWLEDGE", "DRIVER"), at, why);
        infer(op("set_status", "ACKNOWLEDGE", "DRIVER", "FEATURES_OK"), at, why);
        for (int vq : new int[] {CVQ_INDEX, 0, 1}) {
            infer(op("get_vring_group", "vq", Integer.toString(vq)), at, why);
        }
        infer(op("set_status", "0"), at, why);
        status = 0;
        groupBound = false;
    }

    /**
     * vhost_vdpa_add_status(): GET_STATUS, then SET_STATUS(old | bits) unless every bit is set
     * already. Up to 10.0 the vhost_dev_set_features() that added FEATURES_OK then acks the
     * backend features (vhost_vdpa_set_backend_cap()).
     */
    private void addStatus(int bits, Position at) throws QemuLogException {
        int next = status | bits;
        if (next != status) {
            status = next;
            String names = VirtioStatus.names(next);
            emit(names.contains("0x") ? op("set_status", "0x" + Integer.toHexString(next))
                    : op("set_status", names.split(" ")), at);
        }
        if (featuresSet && FEATURES_OK.in(bits) && !profile.negotiatesAtInit()) {
            negotiate(at, "vhost_dev_set_features() acks them at every start (5.2-10.0)");
        }
        featuresSet = false;
    }

    private void negotiate(Position at, String when) throws QemuLogException {
        infer(op("get_backend_features"), at, when);
        List<String> bits = acked == 0 ? List.of() : List.of(VhostBackendFeature.names(acked).split(" "));
        infer(new Statement.Op("set_backend_features", bits, null), at,
                when + "; " + profile.client() + " acks offered & {" + VhostBackendFeature.names(profile.mask())
                        + "}, from " + profile.why());
    }

    /** The trace has no index before 8.0: nothing to replay but the fact. */
    private void vringEnable(LogEvent.VringEnable v, Position at) throws QemuLogException {
        if (v.index() < 0) {
            emit(new Statement.Comment("vhost_vdpa_set_vring_ready without a vring index (QEMU before 8.0)"), at);
            return;
        }
        String r = v.ret() == 0 ? "ok" : Errno.name(v.ret());
        emit(new Statement.Op("set_vring_enable", List.of("vq", Long.toString(v.index()), v.enable() ? "on" : "off"),
                r.startsWith("errno") ? null : r), at);
    }

    /** The trace comes before the write(2); its result is known at the next line. */
    private void write(Statement.Op op, Position at) {
        pendingWrite = op;
        pendingAt = at;
    }

    private void finishWrite(String result, String comment) throws QemuLogException {
        Statement.Op op = pendingWrite;
        pendingWrite = null;
        emit(new Statement.Op(op.verb(), op.words(), result, comment), pendingAt);
    }

    private void infer(Statement.Op op, Position at, String why) throws QemuLogException {
        inferred++;
        emit(new Statement.Op(op.verb(), op.words(), op.result(), "inferred: " + why), at);
    }

    private void emit(Statement s, Position at) throws QemuLogException {
        if (initPhase != null) {
            initPhase.add(new Held(s, at));
            if (initPhase.size() > INIT_WINDOW) {
                endInitPhase();
            }
        } else {
            sink.step(s, at);
        }
    }

    private static Statement.Op op(String verb, String... words) {
        return new Statement.Op(verb, List.of(words), null);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** VHOST_ACCESS_RO (1), _WO (2), _RW (3); QEMU only ever writes RO or RW. */
    private String perm(long perm, int line) throws QemuLogException {
        return switch ((int) perm) {
            case 1 -> "ro";
            case 2 -> "wo";
            case 3 -> "rw";
            default -> throw new QemuLogException(file + ":" + line + ":1: perm 0x" + Long.toHexString(perm)
                    + " is no VHOST_ACCESS_* value");
        };
    }
}
