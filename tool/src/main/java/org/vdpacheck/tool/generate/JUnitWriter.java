package org.vdpacheck.tool.generate;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.tool.trace.BadAddress;
import org.vdpacheck.tool.trace.Garble;
import org.vdpacheck.tool.trace.IndexOnly;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.Trace;

/**
 * One JUnit 5 class per kernel × parent: a test per witness, each step a direct call on impl/
 * (through the fd a process holds, or the device's DMA) followed by assertions of what it returned
 * and of the state the model has after it, each carrying its {@code .vtrace} line. Every test runs
 * twice: observing the device through the reference translation and through the datapath.
 */
final class JUnitWriter {
    /** The harness's Uapi helper that writes each {@link Garble} of an UPDATE's message. */
    private static final Map<String, String> GARBLES = Map.of("bytes", "cut", "msg_type", "withMsgType",
            "iotlb_type", "withIotlbType");

    private final StringBuilder java = new StringBuilder();
    private final Set<String> methods = new HashSet<>();

    JUnitWriter(String header, String className, String kernel, String parent) {
        java.append(header);
        java.append("package org.vdpacheck.generated;\n\n");
        java.append("import static org.junit.jupiter.api.Assertions.*;\n");
        java.append("import static org.vdpacheck.harness.Uapi.*;\n\n");
        java.append("import org.junit.jupiter.params.ParameterizedTest;\n");
        java.append("import org.junit.jupiter.params.provider.EnumSource;\n");
        java.append("import org.vdpacheck.dma.Access;\n");
        java.append("import org.vdpacheck.harness.Device;\n");
        java.append("import org.vdpacheck.harness.Device.Dma;\n");
        java.append("import org.vdpacheck.parent.ParentDriver;\n\n");
        java.append("/** The spec's witnesses on ").append(kernel).append(" with ").append(parent)
                .append(", each against the reference and the datapath. */\n");
        java.append("class ").append(className).append(" {\n");
    }

    /** A name for the test of these goals, unique in the class. */
    String methodName(List<Goal> goals) {
        String base = goals.get(0).methodName();
        String name = base;
        for (int i = 2; !methods.add(name); i++) {
            name = base + i;
        }
        return name;
    }

    /**
     * A test method: {@code file} is the trace's path under the test resources, {@code lines}
     * the line of each statement of {@code trace} in that file.
     */
    void test(String method, List<Goal> goals, Trace trace, String file, List<Integer> lines) {
        java.append("\n    /**\n");
        for (Goal g : goals) {
            java.append("     * Witness of: ").append(g.describe()).append(".\n");
        }
        java.append("     * Trace: ").append(file).append("\n     */\n");
        java.append("    @ParameterizedTest(name = \"{0}\")\n    @EnumSource(Dma.class)\n");
        java.append("    void ").append(method).append("(Dma dma) {\n");
        java.append("        String at = \"").append(file).append(":\";\n");
        trace.guestRam().ifPresent(bytes -> java.append("        // option ").append(Trace.GUEST_RAM).append(' ')
                .append(trace.options().get(Trace.GUEST_RAM)).append('\n'));
        java.append("        Device d = Device.create(\"").append(trace.kernel()).append("\", ParentDriver.")
                .append(driver(trace).name()).append(", dma");
        trace.guestRam().ifPresent(bytes -> java.append(", 0x").append(Long.toHexString(bytes)).append('L'));
        java.append(");\n");
        trace.rlimitMemlock().ifPresent(bytes -> java.append("        // option ").append(Trace.RLIMIT_MEMLOCK)
                .append(' ').append(trace.options().get(Trace.RLIMIT_MEMLOCK)).append("\n        d.setrlimitMemlock(0x")
                .append(Long.toHexString(bytes)).append("L);\n"));
        for (int i = 0; i < trace.statements().size(); i++) {
            Statement s = trace.statements().get(i);
            String at = "at + " + lines.get(i);
            if (s instanceof Statement.Comment c) {
                java.append("        // ").append(c.text()).append('\n');
                continue;
            }
            java.append("        // ").append(org.vdpacheck.tool.trace.TracePrinter.line(s)).append('\n');
            java.append("        ").append(s instanceof Statement.Op op ? call(op, at) : expect((Statement.Expect) s, at))
                    .append('\n');
        }
        java.append("    }\n");
    }

    String text() {
        return java + "}\n";
    }

    static ParentDriver driver(Trace t) {
        return driver(t.parent(), t.options());
    }

    /** impl/'s parent for a trace header's parent and options (vdpa_sim with batch_mapping=0: dma_map mode). */
    static ParentDriver driver(String parent, Map<String, String> options) {
        if (parent.equals(ParentDriver.VDPA_SIM.id()) && "0".equals(options.get("batch_mapping"))) {
            return ParentDriver.VDPA_SIM_DMA_MAP;
        }
        return ParentDriver.byId(parent).orElseThrow(() -> new IllegalArgumentException(parent));
    }

    private static String call(Statement.Op op, String at) {
        if (op.badAddress()) {
            return BadAddress.ioctl(op.verb()).map(ioctl -> check(op, "d.ioctlBadAddress(" + ioctl.name() + ")", at))
                    .orElseGet(() -> written(op, "d.writeBadAddress()", at));
        }
        if (op.indexOnly()) {
            return check(op, "d.ioctlIndexOnly(" + IndexOnly.ioctl(op.verb()).name() + ", "
                    + IndexOnly.index(op.words()) + ")", at);
        }
        Words w = new Words(op.words());
        String fd = "d.fd().";
        return switch (op.verb()) {
            case "open" -> check(op, "d.open()", at);
            case "release" -> check(op, fd + "close()", at);
            case "set_owner" -> check(op, fd + "setOwner()", at);
            case "get_backend_features" -> got(op.result() == null ? null : bits(op.result()),
                    fd + "getBackendFeatures()", fd, at);
            case "set_backend_features" -> check(op, fd + "setBackendFeatures(" + bits(String.join(" ", op.words()))
                    + ")", at);
            case "set_features" -> check(op, fd + "setFeatures(" + bits(String.join(" ", op.words())) + ")", at);
            case "update" -> update(op, w, fd, at);
            case "invalidate" -> written(op, fd + "iotlbInvalidate(" + w.get("asid") + ", " + w.get("iova") + "L, "
                    + w.get("size") + "L)", at);
            case "batch_begin" -> written(op, fd + "batchBegin(" + w.get("asid") + ")", at);
            case "batch_end" -> written(op, fd + "batchEnd(" + w.get("asid") + ")", at);
            case "set_group_asid" -> check(op, fd + "setGroupAsid(" + w.get("group") + ", " + w.get("asid") + ")", at);
            case "set_status" -> check(op, fd + "setStatus(" + status(op.words()) + ")", at);
            case "suspend" -> check(op, fd + "suspend()", at);
            case "resume" -> check(op, fd + "resume()", at);
            case "dma" -> "assertEquals(\"" + op.result() + "\", d.dma(" + w.get("asid") + ", " + w.get("iova")
                    + "L, Access." + (op.words().contains("write") ? "WRITE" : "READ") + "), " + at + ");";
            case "get_vring_group" -> vringGroup(op, "getVringGroup", "VHOST_VDPA_GET_VRING_GROUP", w.get("vq"), at);
            case "get_vring_desc_group" -> vringGroup(op, "getVringDescGroup", "VHOST_VDPA_GET_VRING_DESC_GROUP",
                    w.get("vq"), at);
            case "set_vring_addr" -> reachesParent(op, fd + "setVringAddr(" + w.get("vq") + ", " + w.get("desc") + "L, "
                    + w.get("used") + "L, " + w.get("avail") + "L)", "d.vqAddress(" + w.get("vq") + ")",
                    "desc " + w.get("desc") + " avail " + w.get("avail") + " used " + w.get("used"), at);
            case "set_vring_base" -> reachesParent(op, fd + "setVringBase(" + w.get("vq") + ", " + w.get("num") + ")",
                    "d.vqBase(" + w.get("vq") + ")", w.get("num"), at);
            case "get_vring_base" -> vringBase(op, w.get("vq"), at);
            case "virtio_bind" -> check(op, "d.virtioBind()", at);
            default -> throw new IllegalArgumentException("the generator writes no test for " + op.verb());
        };
    }

    private static String expect(Statement.Expect e, String at) {
        List<String> w = e.words();
        return switch (w.get(0)) {
            case "status" -> "assertEquals(" + status(w.subList(1, w.size())) + ", d.status(), " + at + ");";
            case "backend_features" -> "assertEquals(" + bits(String.join(" ", w.subList(1, w.size())))
                    + ", d.backendFeatures(), " + at + ");";
            case "iotlb", "device" -> "assertEquals(\"" + String.join(" ", w.subList(3, w.size())) + "\", d."
                    + w.get(0) + "(" + w.get(2) + "), " + at + ");";
            case "group" -> "assertEquals(" + w.get(3) + ", d.groupAsid(" + w.get(1) + "), " + at + ");";
            case "batch" -> "assertEquals(\"" + String.join(" ", w.subList(1, w.size())) + "\", d.batch(), " + at + ");";
            case "suspended" -> "assertEquals(" + w.get(1).equals("yes") + ", d.suspended(), " + at + ");";
            case "owner" -> "assertEquals(" + w.get(1).equals("yes") + ", d.owned(), " + at + ");";
            case "as_num" -> "assertEquals(" + w.get(1) + ", d.asNum(), " + at + ");";
            case "group_num" -> "assertEquals(" + w.get(1) + ", d.groupNum(), " + at + ");";
            case "vqs_count" -> "assertEquals(" + w.get(1) + ", d.vqsCount(), " + at + ");";
            case "device_id" -> "assertEquals(" + w.get(1) + ", d.deviceId(), " + at + ");";
            case "vring_num" -> "assertEquals(" + w.get(1) + ", d.vringNum(), " + at + ");";
            case "iova_range" -> "assertEquals(\"" + w.get(1) + " " + w.get(2) + "\", d.iovaRange(), " + at + ");";
            default -> throw new IllegalArgumentException("the generator writes no test for expect " + w.get(0));
        };
    }

    /** An UPDATE, or its message as the harness builds it from the uapi header, garbled. */
    private static String update(Statement.Op op, Words w, String fd, String at) {
        String args = w.get("asid") + ", " + w.get("iova") + "L, " + w.get("size") + "L, " + w.get("uaddr")
                + "L, VHOST_ACCESS_" + w.get("perm").toUpperCase(Locale.ROOT);
        return Garble.of(op.words())
                .map(g -> written(op, fd + "write(" + GARBLES.get(g.word()) + "(vhostMsgV2Update(" + args + "), "
                        + g.value() + "))", at))
                .orElseGet(() -> written(op, fd + "iotlbUpdate(" + args + ")", at));
    }

    /** An ioctl or open/close: 0 or -errno. */
    private static String check(Statement.Op op, String call, String at) {
        return check(op.result(), call, at);
    }

    private static String check(String result, String call, String at) {
        if (result == null) {
            return call + ";";
        }
        return "assertEquals(" + (result.equals("ok") ? "0L" : result) + ", " + call + ", " + at + ");";
    }

    /**
     * GET_VRING_GROUP / GET_VRING_DESC_GROUP: 0 and the group, which the harness also asks for
     * into a struct whose num it poisoned ({@code ioctl}, as Uapi spells it), or -errno.
     */
    private static String vringGroup(Statement.Op op, String method, String ioctl, String vq, String at) {
        String call = "d.fd()." + method + "(" + vq + ")";
        String r = op.result();
        if (r == null || !Character.isDigit(r.charAt(0))) {
            return check(op, call, at);
        }
        return check("ok", call, at) + "\n        assertEquals(" + r + "L, d.vringStateNum(" + ioctl + ", " + vq + "), "
                + at + ");";
    }

    /**
     * GET_VRING_BASE: the spec does not follow the base, so a success is checked against what the
     * parent's get_vq_state() reports, which vhost_vdpa_vring_ioctl() hands to vhost_vring_ioctl().
     */
    private static String vringBase(Statement.Op op, String vq, String at) {
        String checked = check(op, "d.fd().getVringBase(" + vq + ")", at);
        return !"ok".equals(op.result()) ? checked : checked + "\n        assertEquals(d.vqState(" + vq
                + "), d.vringStateNum(VHOST_GET_VRING_BASE, " + vq + "), " + at + ");";
    }

    /** A GET ioctl that succeeds: 0, then what it copied out ({@code expected}, Java) in value(). */
    private static String got(String expected, String call, String fd, String at) {
        if (expected == null) {
            return call + ";";
        }
        return check("ok", call, at) + "\n        assertEquals(" + expected + ", " + fd + "value(), " + at + ");";
    }

    /**
     * SET_VRING_ADDR / SET_VRING_BASE: the result, then whether the parent holds the values,
     * which it does exactly when the request succeeded (each step's values are new).
     */
    private static String reachesParent(Statement.Op op, String call, String held, String values, String at) {
        String checked = check(op, call, at);
        // ENOBUFS: the index names no vq of the parent's, so it holds nothing to compare; EPERM: the
        // owner check refused before the index was read, so it may name none either.
        if (op.result() == null || op.result().equals("ENOBUFS") || op.result().equals("EPERM")) {
            return checked;
        }
        String assertion = op.result().equals("ok") ? "assertEquals" : "assertNotEquals";
        return checked + "\n        " + assertion + "(\"" + values + "\", " + held + ", " + at + ");";
    }

    /** write(2) of an IOTLB message: the bytes written, or -errno. */
    private static String written(Statement.Op op, String call, String at) {
        if (op.result() == null) {
            return call + ";";
        }
        return "assertEquals(" + (op.result().equals("ok") ? "WRITTEN" : op.result()) + ", " + call + ", " + at + ");";
    }

    static String bits(String names) {
        return names.isBlank() ? "0L" : String.join(" | ", names.split(" "));
    }

    private static String status(List<String> words) {
        return words.equals(List.of("0")) ? "0" : String.join(" | ", words);
    }

    /** The value after each keyword of an operation ({@code asid 0 iova 0x1000 ...}). */
    private record Words(List<String> words) {
        String get(String key) {
            int i = words.indexOf(key);
            return i < 0 ? (key.equals("asid") ? "0" : null) : words.get(i + 1);
        }
    }
}
