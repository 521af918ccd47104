package org.vdpacheck.tool.replay;

import java.util.function.LongFunction;

import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.dma.Access;
import org.vdpacheck.tool.trace.BadAddress;
import org.vdpacheck.tool.trace.IndexOnly;
import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.TracePrinter;
import org.vdpacheck.uapi.UserPtr;
import org.vdpacheck.uapi.VhostIotlbMsg;
import org.vdpacheck.uapi.VhostMsg;

/**
 * Operations: each is the syscall userspace makes (ioctl(2) and write(2) through the process's
 * fd, open(2), close(2)), a bus event, or the device's own DMA, run on impl/ and answered in
 * {@link Answers}' spelling.
 */
final class Operations {
    /** What a dma step that the trace does not check is still held to. */
    private static final String AGREE = "the datapath to agree with the reference";

    private final Rig rig;
    private final DmaCheck dma;

    Operations(Rig rig, DmaCheck dma) {
        this.rig = rig;
        this.dma = dma;
    }

    Step run(Statement.Op op, Position at) throws ReplayException {
        String statement = TracePrinter.line(new Statement.Op(op.verb(), op.words(), op.result()));
        Words w = new Words(op.words(), at);
        if (op.verb().equals("dma")) {
            DmaCheck.Answer a = dma.dma(w.index("asid"), w.number("iova"),
                    w.last().equals("read") ? Access.READ : Access.WRITE);
            if (!a.disagreements().isEmpty()) {
                return new Step(at, statement, op.result() == null ? AGREE : op.result(), a.both(), false);
            }
            return Step.compare(at, statement, op.result(), Answers.canonical("dma", op.result()), a.reference());
        }
        return Step.compare(at, statement, op.result(), Answers.canonical(op.verb(), op.result()),
                call(op, w, at));
    }

    private String call(Statement.Op op, Words w, Position at) throws ReplayException {
        String verb = op.verb();
        return switch (verb) {
            case "open" -> Answers.ret(rig.open());
            case "virtio_bind" -> Answers.ret(rig.virtioBind());
            default -> op.badAddress() ? badAddress(verb, rig.fd(at, verb))
                    : op.indexOnly() ? indexOnly(op, rig.fd(at, verb))
                    : fdCall(verb, w, rig.fd(at, verb));
        };
    }

    /** {@code VERB vq N index_only}: the ring ioctl with a struct of which only the index is readable. */
    private static String indexOnly(Statement.Op op, VhostVdpaFd fd) {
        UserPtr p = UserPtr.alloc(4);
        p.putU32(0, IndexOnly.index(op.words()));
        return Answers.ret(fd.ioctl(IndexOnly.ioctl(op.verb()).cmd(), p));
    }

    /**
     * {@code VERB bad_address}: the ioctl with a NULL argp, or an IOTLB message written from a NULL
     * buffer. impl/'s write(2) takes the bytes copy_from_iter() can read, none here.
     */
    private static String badAddress(String verb, VhostVdpaFd fd) {
        return BadAddress.ioctl(verb).map(ioctl -> Answers.ret(fd.ioctl(ioctl.cmd(), UserPtr.NULL)))
                .orElseGet(() -> Answers.written(fd.write(new byte[0])));
    }

    /**
     * A syscall on the fd: ioctl(2) reaches vhost_vdpa_unlocked_ioctl(), write(2)
     * vhost_chr_write_iter(), close(2) vhost_vdpa_release().
     */
    private static String fdCall(String verb, Words w, VhostVdpaFd fd) throws ReplayException {
        return switch (verb) {
            case "release" -> Answers.ret(fd.close());
            case "set_owner" -> Answers.ret(fd.setOwner());
            case "get_backend_features" -> got(fd.getBackendFeatures(), fd, Answers::features);
            case "set_backend_features" -> Answers.ret(fd.setBackendFeatures(w.features()));
            case "get_features" -> got(fd.getFeatures(), fd, Answers::hex);
            case "set_features" -> Answers.ret(fd.setFeatures(w.virtioFeatures()));
            case "update" -> Answers.written(update(w, fd));
            case "invalidate" -> Answers.written(fd.iotlbInvalidate(w.u32("asid"), w.number("iova"), w.number("size")));
            case "batch_begin" -> Answers.written(fd.batchBegin(w.asidOrZero()));
            case "batch_end" -> Answers.written(fd.batchEnd(w.asidOrZero()));
            case "set_group_asid" -> Answers.ret(fd.setGroupAsid(w.u32("group"), w.u32("asid")));
            case "set_status" -> Answers.ret(fd.setStatus(w.status()));
            case "suspend" -> Answers.ret(fd.suspend());
            case "resume" -> Answers.ret(fd.resume());
            case "set_vring_enable" -> Answers.ret(fd.setVringEnable(w.u32("vq"), w.last().equals("on")));
            case "set_vring_addr" -> Answers.ret(fd.setVringAddr(w.u32("vq"), w.number("desc"), w.number("used"),
                    w.number("avail")));
            case "set_vring_base" -> Answers.ret(fd.setVringBase(w.u32("vq"), w.u32("num")));
            case "get_vring_base" -> Answers.ret(fd.getVringBase(w.u32("vq")));
            case "get_status" -> got(fd.getStatus(), fd, v -> Answers.status((int) v));
            case "get_vring_group" -> got(fd.getVringGroup(w.u32("vq")), fd, Long::toUnsignedString);
            case "get_vring_desc_group" -> got(fd.getVringDescGroup(w.u32("vq")), fd, Long::toUnsignedString);
            default -> throw new IllegalArgumentException("the grammar has no operation " + verb);
        };
    }

    /** An UPDATE's struct vhost_msg_v2, written as its garble says if it has one. */
    private static long update(Words w, VhostVdpaFd fd) throws ReplayException {
        int asid = w.u32("asid");
        VhostIotlbMsg msg = VhostIotlbMsg.update(w.number("iova"), w.number("size"), w.number("uaddr"),
                Tables.perm(w.after("perm")));
        byte[] bytes = VhostMsg.v2(asid, msg);
        return fd.write(w.garble().map(g -> g.apply(bytes)).orElse(bytes));
    }

    /** A GET ioctl: what it copied out, or its errno. */
    private static String got(long r, VhostVdpaFd fd, LongFunction<String> render) {
        return r == 0 ? render.apply(fd.value()) : Answers.ret(r);
    }
}
