package org.vdpacheck.tool.replay;

import java.util.List;

import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.iotlb.IotlbMap;
import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.TracePrinter;
import org.vdpacheck.vhost.VhostVdpa;

/**
 * {@code expect} statements: the state a trace asserts, read from impl/ without changing it.
 * {@code iotlb} is vhost-vdpa's own table, v->as[asid]->iotlb (no address space: empty);
 * {@code device} is what the device's DMA translates through, where the datapath must agree with
 * the reference; {@code status} is ops->get_status(); {@code backend_features} is
 * vqs[0]->acked_backend_features (no vqs while closed: none); {@code group} is the ASID
 * ops->set_group_asid() last bound the group to (no uapi reads it back, like the device table);
 * {@code batch} is v->in_batch with v->batch_asid; {@code suspended} is v->suspended (v6.8+);
 * {@code owner} is whether the fd has an owner (vhost_dev_has_owner());
 * {@code as_num}, {@code group_num}, {@code vqs_count}, {@code device_id}, {@code vring_num} and
 * {@code iova_range} are what the info ioctls answer on the process's fd, the only expectations
 * that go through the uapi.
 */
final class Expectations {
    private final Rig rig;
    private final DmaCheck dma;

    Expectations(Rig rig, DmaCheck dma) {
        this.rig = rig;
        this.dma = dma;
    }

    Step check(Statement.Expect e, Position at) throws ReplayException {
        List<String> w = e.words();
        String statement = TracePrinter.line(e);
        return switch (w.get(0)) {
            case "iotlb" -> {
                List<IotlbMap> table = rig.vhost().iotlb(new Words(w, at).index("asid"));
                String actual = Tables.render(table == null ? List.of() : table.stream().map(Tables.Entry::of).toList());
                yield Step.compare(at, statement, table(w), Tables.parse(w, 3), actual);
            }
            case "device" -> {
                String expected = w.get(3).equals("identity") ? "identity" : Tables.parse(w, 3);
                DmaCheck.Answer a = dma.map(new Words(w, at).index("asid"));
                if (!a.disagreements().isEmpty()) {
                    yield new Step(at, statement, table(w), a.both(), false);
                }
                yield Step.compare(at, statement, table(w), expected, a.reference());
            }
            case "status" -> {
                List<String> bits = w.subList(1, w.size());
                yield Step.compare(at, statement, String.join(" ", bits), Answers.status(Words.status(bits)),
                        Answers.status(rig.vdpa().getStatus()));
            }
            case "backend_features" -> {
                List<String> bits = w.subList(1, w.size());
                yield Step.compare(at, statement, bits.isEmpty() ? "0" : String.join(" ", bits),
                        Answers.features(Words.features(bits)), Answers.features(rig.vhost().ackedBackendFeatures()));
            }
            case "group" -> {
                Words words = new Words(w, at);
                int group = words.index("group");
                String actual = group >= 0 && group < rig.vdpa().ngroups() ? Integer.toString(rig.vdpa().groupAsid(group))
                        : "no group " + w.get(1) + " (the parent has " + rig.vdpa().ngroups() + ")";
                yield Step.compare(at, statement, w.get(3), Integer.toString(words.index("asid")), actual);
            }
            case "batch" -> {
                String expected = w.get(1).equals("none") ? "none" : "asid " + new Words(w, at).index("asid");
                VhostVdpa v = rig.vhost();
                yield Step.compare(at, statement, String.join(" ", w.subList(1, w.size())), expected,
                        v.inBatch() ? "asid " + v.batchAsid() : "none");
            }
            case "suspended" -> Step.compare(at, statement, w.get(1), w.get(1), rig.vhost().suspended() ? "yes" : "no");
            case "owner" -> Step.compare(at, statement, w.get(1), w.get(1), rig.vhost().hasOwner() ? "yes" : "no");
            case "as_num", "group_num", "vqs_count", "device_id", "vring_num" -> {
                VhostVdpaFd fd = rig.fd(at, statement);
                long r = switch (w.get(0)) {
                    case "as_num" -> fd.getAsNum();
                    case "group_num" -> fd.getGroupNum();
                    case "device_id" -> fd.getDeviceId();
                    case "vring_num" -> fd.getVringNum();
                    default -> fd.getVqsCount();
                };
                yield Step.compare(at, statement, w.get(1), Long.toString(Words.parse(w.get(1))),
                        r == 0 ? Long.toString(fd.value()) : Answers.ret(r));
            }
            case "iova_range" -> {
                VhostVdpaFd fd = rig.fd(at, statement);
                long r = fd.getIovaRange();
                yield Step.compare(at, statement, w.get(1) + " " + w.get(2),
                        Answers.hex(Words.parse(w.get(1))) + " " + Answers.hex(Words.parse(w.get(2))),
                        r == 0 ? Answers.hex(fd.value()) + " " + Answers.hex(fd.rangeLast()) : Answers.ret(r));
            }
            default -> throw new IllegalArgumentException("the grammar has no expectation " + w.get(0));
        };
    }

    /** The expected table as the trace wrote it. */
    private static String table(List<String> w) {
        return String.join(" ", w.subList(3, w.size()));
    }
}
