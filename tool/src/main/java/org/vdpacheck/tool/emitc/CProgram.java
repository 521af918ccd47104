package org.vdpacheck.tool.emitc;

import java.util.List;

import org.vdpacheck.mm.Vma;
import org.vdpacheck.tool.replay.GuestRam;
import org.vdpacheck.tool.replay.Words;
import org.vdpacheck.tool.trace.BadAddress;
import org.vdpacheck.tool.trace.Garble;
import org.vdpacheck.tool.trace.IndexOnly;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.Trace;
import org.vdpacheck.tool.trace.TraceParser;

/**
 * One scenario as a self-contained C program that makes the scenario's syscalls on a real
 * /dev/vhost-vdpa-N (argv[1], default /dev/vhost-vdpa-0) and prints what the kernel returned, one
 * {@link StepLine} per statement. Guest RAM is laid out as replay lays it out ({@link GuestRam}):
 * a shared memfd of 2 MiB pages at the same user addresses, so updates pin and map what impl/
 * predicts for. What the uapi cannot show (the device's DMA, vhost's IOTLB, the acked backend
 * features) is reported as not observable, never as passed.
 */
public final class CProgram {
    private static final String PRELUDE = """
            #define _GNU_SOURCE
            #include <errno.h>
            #include <fcntl.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/ioctl.h>
            #include <sys/mman.h>
            #include <sys/resource.h>
            #include <unistd.h>
            #include <linux/vhost.h>

            /* What older installed uapi headers lack (include/uapi/linux/vhost.h, vhost_types.h of 6.7). */
            #ifndef VHOST_VDPA_RESUME
            #define VHOST_VDPA_RESUME _IO(VHOST_VIRTIO, 0x7E)
            #endif
            #ifndef VHOST_VDPA_GET_VRING_DESC_GROUP
            #define VHOST_VDPA_GET_VRING_DESC_GROUP _IOWR(VHOST_VIRTIO, 0x7F, struct vhost_vring_state)
            #endif
            #ifndef MFD_HUGETLB
            #define MFD_HUGETLB 0x0004U
            #endif
            #ifndef MAP_FIXED_NOREPLACE
            #define MAP_FIXED_NOREPLACE 0x100000
            #endif

            static const char *dev_path = "/dev/vhost-vdpa-0";
            static int fd = -1;

            static inline void step(int line, const char *kind, long long v)
            {
                printf("vdpacheck-step %d %s %lld\\n", line, kind, v);
            }

            static inline void got(int line, unsigned long long v)
            {
                printf("vdpacheck-step %d get 0x%llx\\n", line, v);
            }

            static inline void unobservable(int line, const char *why)
            {
                printf("vdpacheck-step %d na %s\\n", line, why);
            }

            static inline void do_open(int line)
            {
                int f = open(dev_path, O_RDWR);
                if (f < 0) {
                    step(line, "ret", -errno);
                    return;
                }
                fd = f;
                step(line, "ret", 0);
            }

            static inline void do_close(int line)
            {
                step(line, "ret", close(fd) < 0 ? -errno : 0);
            }

            static inline void do_ioctl(int line, unsigned long req, void *arg)
            {
                step(line, "ret", ioctl(fd, req, arg) < 0 ? -errno : 0);
            }

            static inline void do_set64(int line, unsigned long req, unsigned long long v)
            {
                __u64 arg = v;
                do_ioctl(line, req, &arg);
            }

            static inline void do_get64(int line, unsigned long req)
            {
                __u64 v = 0;
                if (ioctl(fd, req, &v) < 0)
                    step(line, "ret", -errno);
                else
                    got(line, v);
            }

            static inline void do_set_status(int line, __u8 status)
            {
                do_ioctl(line, VHOST_VDPA_SET_STATUS, &status);
            }

            static inline void do_get_status(int line)
            {
                __u8 s = 0;
                if (ioctl(fd, VHOST_VDPA_GET_STATUS, &s) < 0)
                    step(line, "ret", -errno);
                else
                    got(line, s);
            }

            /* expect status: the status byte where GET_STATUS can read it (an open fd). */
            static inline void expect_status(int line)
            {
                __u8 s = 0;
                char why[64];
                if (ioctl(fd, VHOST_VDPA_GET_STATUS, &s) < 0) {
                    snprintf(why, sizeof why, "GET_STATUS failed with errno %d", errno);
                    unobservable(line, why);
                } else {
                    got(line, s);
                }
            }

            /* expect as_num, group_num, vqs_count, device_id, vring_num: the count an info ioctl
               copies out, of the request's own size (a __u32; GET_VRING_NUM's is a __u16). */
            static inline void expect_count(int line, unsigned long req)
            {
                union { __u32 u32; __u16 u16; } v = { 0 };
                if (ioctl(fd, req, &v) < 0)
                    step(line, "ret", -errno);
                else
                    got(line, _IOC_SIZE(req) == sizeof v.u16 ? v.u16 : v.u32);
            }

            /* expect iova_range: v->range as GET_IOVA_RANGE copies it out, first and last. */
            static inline void expect_iova_range(int line)
            {
                struct vhost_vdpa_iova_range r = { 0 };
                if (ioctl(fd, VHOST_VDPA_GET_IOVA_RANGE, &r) < 0)
                    step(line, "ret", -errno);
                else
                    printf("vdpacheck-step %d get 0x%llx 0x%llx\\n", line,
                           (unsigned long long) r.first, (unsigned long long) r.last);
            }

            static inline void do_vring(int line, unsigned long req, unsigned int index, unsigned int num, int copies_out)
            {
                struct vhost_vring_state s = { .index = index, .num = num };
                if (ioctl(fd, req, &s) < 0)
                    step(line, "ret", -errno);
                else if (copies_out)
                    got(line, s.num);
                else
                    step(line, "ret", 0);
            }

            /*
             * A ring ioctl whose struct is readable only for its index: the last 4 bytes of a page
             * followed by one mapped PROT_NONE, so copy_from_user()/copy_to_user() of the rest fault.
             */
            static inline void do_vring_index_only(int line, unsigned long req, unsigned int index)
            {
                long page = sysconf(_SC_PAGESIZE);
                char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (two == MAP_FAILED || mprotect(two + page, page, PROT_NONE) < 0) {
                    unobservable(line, "no memory for a struct readable only for its index");
                    return;
                }
                unsigned int *idx = (unsigned int *)(two + page - sizeof *idx);
                *idx = index;
                step(line, "ret", ioctl(fd, req, idx) < 0 ? -errno : 0);
                munmap(two, 2 * page);
            }

            /* VHOST_SET_VRING_ADDR: flags 0 (no dirty log), log_guest_addr 0. */
            static inline void do_vring_addr(int line, unsigned int index, __u64 desc, __u64 avail, __u64 used)
            {
                struct vhost_vring_addr a = { .index = index, .desc_user_addr = desc,
                                              .avail_user_addr = avail, .used_user_addr = used };
                step(line, "ret", ioctl(fd, VHOST_SET_VRING_ADDR, &a) < 0 ? -errno : 0);
            }

            /*
             * A struct vhost_msg_v2 written to the fd, of message type msg_type and its first len
             * bytes: what write(2) returned, or -errno.
             */
            static inline void do_raw_msg(int line, __u32 msg_type, size_t len, __u32 asid, __u8 type, __u64 iova,
                                          __u64 size, __u64 uaddr, __u8 perm)
            {
                struct vhost_msg_v2 m;
                memset(&m, 0, sizeof m);
                m.type = msg_type;
                m.asid = asid;
                m.iotlb.type = type;
                m.iotlb.iova = iova;
                m.iotlb.size = size;
                m.iotlb.uaddr = uaddr;
                m.iotlb.perm = perm;
                ssize_t r = write(fd, &m, len);
                step(line, "write", r < 0 ? -errno : r);
            }

            /* One struct vhost_msg_v2. */
            static inline void do_msg(int line, __u32 asid, __u8 type, __u64 iova, __u64 size, __u64 uaddr, __u8 perm)
            {
                do_raw_msg(line, VHOST_IOTLB_MSG_V2, sizeof(struct vhost_msg_v2), asid, type, iova, size, uaddr, perm);
            }

            /* An IOTLB message written from a NULL buffer: nothing of it can be copied. */
            static inline void do_msg_bad_address(int line)
            {
                ssize_t r = write(fd, NULL, sizeof(struct vhost_msg_v2));
                step(line, "write", r < 0 ? -errno : r);
            }

            /*
             * Guest RAM as replay lays it out: shared, file-backed, 2 MiB pages (so a PA parent pins one
             * physically contiguous run per page) at the scenario's user addresses.
             */
            static inline void guest_ram(unsigned long base, unsigned long size)
            {
                int ram = memfd_create("guest-ram", MFD_HUGETLB);
                if (ram < 0 || ftruncate(ram, size) < 0) {
                    printf("vdpacheck-note no 2 MiB pages (errno %d): guest RAM in 4 KiB pages\\n", errno);
                    if (ram >= 0)
                        close(ram);
                    ram = memfd_create("guest-ram", 0);
                    if (ram < 0 || ftruncate(ram, size) < 0) {
                        printf("vdpacheck-note no guest RAM: errno %d\\n", errno);
                        return;
                    }
                }
                if (mmap((void *)base, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE, ram, 0)
                        == MAP_FAILED)
                    printf("vdpacheck-note guest RAM not mapped at 0x%lx: errno %d\\n", base, errno);
            }

            int main(int argc, char **argv)
            {
                struct rlimit memlock = { RLIM_INFINITY, RLIM_INFINITY };

                if (argc > 1)
                    dev_path = argv[1];
                setvbuf(stdout, NULL, _IOLBF, 0);
            """;

    private CProgram() {
    }

    /** The C source of one scenario; {@code source} names the file it came from, for its comment. */
    public static String of(TraceParser.Parsed scenario, String source) {
        StringBuilder c = new StringBuilder();
        c.append("/*\n * Generated by vdpacheck emit-c from ").append(comment(source)).append(", scenario \"")
                .append(comment(scenario.trace().name())).append("\" (line ").append(scenario.at().line())
                .append(").\n * Each step prints: vdpacheck-step LINE (ret|write|get|na) VALUE.\n */\n");
        c.append(PRELUDE);
        // replay's process has no RLIMIT_MEMLOCK unless the header sets one (vhost_vdpa_pa_map()
        // checks pinned pages against it; root's CAP_IPC_LOCK does not lift that check).
        // Lifting the limit is best effort (root in the guest may; a user need not); a limit the
        // scenario asks for is lowered, which always may, and without it every result after would
        // answer another question.
        scenario.trace().rlimitMemlock().ifPresentOrElse(bytes -> c.append("    memlock.rlim_cur = memlock.rlim_max = 0x")
                .append(Long.toHexString(bytes)).append("ULL;\n    if (setrlimit(RLIMIT_MEMLOCK, &memlock) < 0) {\n")
                .append("        printf(\"vdpacheck-note setrlimit(RLIMIT_MEMLOCK) failed: errno %d\\n\", errno);\n")
                .append("        return 1;\n    }\n"), () -> c.append("    setrlimit(RLIMIT_MEMLOCK, &memlock);\n"));
        Vma ram = GuestRam.of(scenario.trace());
        c.append("    guest_ram(0x").append(Long.toHexString(ram.start())).append("UL, 0x")
                .append(Long.toHexString(ram.end() - ram.start())).append("UL);\n");
        c.append("    printf(\"vdpacheck-scenario %s\\n\", \"").append(cString(scenario.trace().name())).append("\");\n");
        List<Statement> statements = scenario.trace().statements();
        String halted = null;
        for (int i = 0; i < statements.size(); i++) {
            int line = scenario.statements().get(i).line();
            Statement s = statements.get(i);
            if (s instanceof Statement.Comment) {
                continue;
            }
            if (halted != null) {
                c.append("    unobservable(").append(line).append(", \"").append(halted).append("\");\n");
                continue;
            }
            if (s instanceof Statement.Op op && op.verb().equals("virtio_bind")) {
                halted = "not run: it follows a virtio_bind";
                c.append("    unobservable(").append(line)
                        .append(", \"virtio_bind needs the virtio_vdpa driver, which the guest does not have\");\n");
                continue;
            }
            c.append("    ").append(s instanceof Statement.Op op ? call(op, line) : expect((Statement.Expect) s, line))
                    .append('\n');
        }
        c.append("    printf(\"vdpacheck-end\\n\");\n    return 0;\n}\n");
        return c.toString();
    }

    private static String call(Statement.Op op, int line) {
        if (op.badAddress()) {
            return BadAddress.ioctl(op.verb()).map(ioctl -> "do_ioctl(" + line + ", " + ioctl.name() + ", NULL);")
                    .orElse("do_msg_bad_address(" + line + ");");
        }
        if (op.indexOnly()) {
            return "do_vring_index_only(" + line + ", " + IndexOnly.ioctl(op.verb()).name() + ", "
                    + IndexOnly.index(op.words()) + ");";
        }
        List<String> w = op.words();
        return switch (op.verb()) {
            case "open" -> "do_open(" + line + ");";
            case "release" -> "do_close(" + line + ");";
            case "set_owner" -> "do_ioctl(" + line + ", VHOST_SET_OWNER, NULL);";
            case "get_backend_features" -> "do_get64(" + line + ", VHOST_GET_BACKEND_FEATURES);";
            case "set_backend_features" -> "do_set64(" + line + ", VHOST_SET_BACKEND_FEATURES, 0x"
                    + Long.toHexString(Words.features(w)) + "ULL);";
            case "get_features" -> "do_get64(" + line + ", VHOST_GET_FEATURES);";
            case "set_features" -> "do_set64(" + line + ", VHOST_SET_FEATURES, 0x"
                    + Long.toHexString(Words.virtioFeatures(w)) + "ULL);";
            case "update" -> update(line, w);
            case "invalidate" -> msg(line, w, "VHOST_IOTLB_INVALIDATE", hex(w, "iova"), hex(w, "size"), "0", "0");
            case "batch_begin" -> msg(line, w, "VHOST_IOTLB_BATCH_BEGIN", "0", "0", "0", "0");
            case "batch_end" -> msg(line, w, "VHOST_IOTLB_BATCH_END", "0", "0", "0", "0");
            case "set_group_asid" -> "do_vring(" + line + ", VHOST_VDPA_SET_GROUP_ASID, " + hex(w, "group") + ", "
                    + hex(w, "asid") + ", 0);";
            case "set_status" -> "do_set_status(" + line + ", 0x" + Integer.toHexString(Words.status(w)) + ");";
            case "suspend" -> "do_ioctl(" + line + ", VHOST_VDPA_SUSPEND, NULL);";
            case "resume" -> "do_ioctl(" + line + ", VHOST_VDPA_RESUME, NULL);";
            case "set_vring_enable" -> "do_vring(" + line + ", VHOST_VDPA_SET_VRING_ENABLE, " + hex(w, "vq") + ", "
                    + (w.get(w.size() - 1).equals("on") ? 1 : 0) + ", 0);";
            case "set_vring_addr" -> "do_vring_addr(" + line + ", " + hex(w, "vq") + ", " + hex(w, "desc") + ", "
                    + hex(w, "avail") + ", " + hex(w, "used") + ");";
            case "set_vring_base" -> "do_vring(" + line + ", VHOST_SET_VRING_BASE, " + hex(w, "vq") + ", "
                    + hex(w, "num") + ", 0);";
            case "get_status" -> "do_get_status(" + line + ");";
            case "get_vring_group" -> "do_vring(" + line + ", VHOST_VDPA_GET_VRING_GROUP, " + hex(w, "vq") + ", 0, 1);";
            case "get_vring_base" -> "do_vring(" + line + ", VHOST_GET_VRING_BASE, " + hex(w, "vq") + ", 0, 0);";
            case "get_vring_desc_group" -> "do_vring(" + line + ", VHOST_VDPA_GET_VRING_DESC_GROUP, " + hex(w, "vq")
                    + ", 0, 1);";
            case "dma" -> "unobservable(" + line + ", \"the device's DMA is not visible at the uapi\");";
            default -> throw new IllegalArgumentException("the grammar has no operation " + op.verb());
        };
    }

    private static String expect(Statement.Expect e, int line) {
        return switch (e.words().get(0)) {
            case "status" -> "expect_status(" + line + ");";
            case "iotlb" -> "unobservable(" + line + ", \"no uapi reads vhost-vdpa's IOTLB back\");";
            case "device" -> "unobservable(" + line + ", \"no uapi reads what the device translates through\");";
            case "backend_features" -> "unobservable(" + line
                    + ", \"GET_BACKEND_FEATURES returns the offer, not the acked features\");";
            case "group" -> "unobservable(" + line + ", \"no uapi reads a group's ASID back\");";
            case "batch" -> "unobservable(" + line + ", \"no uapi reads in_batch back\");";
            case "suspended" -> "unobservable(" + line + ", \"no uapi reads v->suspended back\");";
            case "owner" -> "unobservable(" + line + ", \"only a second SET_OWNER reads the owner, and it takes it\");";
            case "as_num" -> "expect_count(" + line + ", VHOST_VDPA_GET_AS_NUM);";
            case "group_num" -> "expect_count(" + line + ", VHOST_VDPA_GET_GROUP_NUM);";
            case "vqs_count" -> "expect_count(" + line + ", VHOST_VDPA_GET_VQS_COUNT);";
            case "device_id" -> "expect_count(" + line + ", VHOST_VDPA_GET_DEVICE_ID);";
            case "vring_num" -> "expect_count(" + line + ", VHOST_VDPA_GET_VRING_NUM);";
            case "iova_range" -> "expect_iova_range(" + line + ");";
            default -> throw new IllegalArgumentException("the grammar has no expectation " + e.words().get(0));
        };
    }

    /** An UPDATE, or its message written as its garble says. */
    private static String update(int line, List<String> w) {
        String perm = perm(w.get(w.indexOf("perm") + 1));
        return Garble.of(w).map(g -> "do_raw_msg(" + line + ", "
                + (g.word().equals("msg_type") ? hex(w, "msg_type") : "VHOST_IOTLB_MSG_V2") + ", "
                + (g.word().equals("bytes") ? g.value() : "sizeof(struct vhost_msg_v2)") + ", " + hex(w, "asid") + ", "
                + (g.word().equals("iotlb_type") ? hex(w, "iotlb_type") : "VHOST_IOTLB_UPDATE") + ", " + hex(w, "iova")
                + ", " + hex(w, "size") + ", " + hex(w, "uaddr") + ", " + perm + ");")
                .orElseGet(() -> msg(line, w, "VHOST_IOTLB_UPDATE", hex(w, "iova"), hex(w, "size"), hex(w, "uaddr"), perm));
    }

    /** {@code batch_begin [asid N]} and friends: asid 0 when omitted, as replay reads it. */
    private static String msg(int line, List<String> w, String type, String iova, String size, String uaddr,
            String perm) {
        String asid = w.contains("asid") ? hex(w, "asid") : "0";
        return "do_msg(" + line + ", " + asid + ", " + type + ", " + iova + ", " + size + ", " + uaddr + ", " + perm
                + ");";
    }

    private static String hex(List<String> w, String key) {
        return "0x" + Long.toHexString(Words.number(w, key)) + "ULL";
    }

    private static String perm(String name) {
        return switch (name) {
            case "ro" -> "VHOST_ACCESS_RO";
            case "wo" -> "VHOST_ACCESS_WO";
            default -> "VHOST_ACCESS_RW";
        };
    }

    private static String cString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String comment(String s) {
        return s.replace("*/", "* /");
    }
}
