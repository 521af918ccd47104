package org.vdpacheck.tool.alloy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The spec's atom names and the names users, traces and impl/ use for the same things. Atoms a
 * proposal adds keep their own name, in lower case.
 */
public final class Names {
    private static final Map<String, String> KERNELS = Map.of("V66", "v6.6", "RFC", "rfc", "V67", "v6.7",
            "Newest", "newest");
    private static final Map<String, String> PARENTS = Map.of("VdpaSim", "vdpa_sim", "VdpaSimDma", "vdpa_sim",
            "Mlx5", "mlx5_vdpa", "Vduse", "vduse", "Platform", "platform");
    private static final Map<String, String> CLIENTS = Map.of("AnyClient", "any", "Qemu52", "qemu-5.2..7.2",
            "Qemu80", "qemu-8.0..10.0", "Qemu101", "qemu-10.1+", "Qemu101Hotplug", "qemu-10.1+-hotplug",
            "QemuPersist", "qemu-persist", "Dpdk", "dpdk-virtio-user", "CloudHypervisor", "cloud-hypervisor",
            "AssumePersist", "assume-persist", "DropsPersist", "drops-persist");

    private static final Map<String, String> STATUS_BITS = Map.of("S0", "0", "AckDriver", "ACKNOWLEDGE DRIVER",
            "FeaturesOk", "ACKNOWLEDGE DRIVER FEATURES_OK", "DriverOk", "ACKNOWLEDGE DRIVER FEATURES_OK DRIVER_OK");
    private static final Map<String, String> STATUS = Map.of("S0", "0", "AckDriver", "DRIVER", "FeaturesOk",
            "FEATURES_OK", "DriverOk", "DRIVER_OK");
    private static final Map<String, String> VERBS = Map.ofEntries(Map.entry("Open", "open"), Map.entry("SetOwner", "set_owner"),
            Map.entry("Release", "release"), Map.entry("GetBackendFeatures", "get_backend_features"),
            Map.entry("SetBackendFeatures", "set_backend_features"), Map.entry("Update", "update"),
            Map.entry("Invalidate", "invalidate"), Map.entry("BatchBegin", "batch_begin"),
            Map.entry("BatchEnd", "batch_end"), Map.entry("SetStatus", "set_status"),
            Map.entry("Suspend", "suspend"), Map.entry("Resume", "resume"),
            Map.entry("SetGroupAsid", "set_group_asid"), Map.entry("DmaRead", "dma"), Map.entry("DmaWrite", "dma"),
            Map.entry("GetVringGroup", "get_vring_group"), Map.entry("GetVringDescGroup", "get_vring_desc_group"),
            Map.entry("SetVringAddr", "set_vring_addr"),
            Map.entry("SetVringBase", "set_vring_base"), Map.entry("GetVringBase", "get_vring_base"),
            Map.entry("VirtioBind", "virtio_bind"),
            Map.entry("SetFeatures", "set_features"));
    /** The spec's virtqueues by index: rx of the one queue pair, the control vq after it, one past. */
    private static final Map<String, String> VQS = Map.of("DataVq", "0", "Cvq", "2", "PastVq", "3");
    /**
     * How uaccess.als's garbled UPDATEs are written: 6 bytes end inside the asid, 20 inside the
     * IOTLB message; 3 is the first message type past VHOST_IOTLB_MSG_V2; 1 is VHOST_IOTLB_MISS.
     */
    private static final Map<String, List<String>> GARBLES = Map.of("CutInAsid", List.of("bytes", "6"),
            "CutInIotlb", List.of("bytes", "20"), "UnknownMsgType", List.of("msg_type", "3"),
            "UnknownIotlbType", List.of("iotlb_type", "1"));
    private static final Map<String, String> RESULTS = Map.of("Ok", "ok", "DmaUser", "a user address",
            "DmaIdentity", "identity", "DmaFault", "fault");

    private Names() {
    }

    public static String kernel(String atom) {
        return KERNELS.getOrDefault(atom, atom.toLowerCase(Locale.ROOT));
    }

    /** The spec's atom for a kernel profile's name ({@code v6.7} → {@code V67}); null if none. */
    public static String kernelAtom(String name) {
        return KERNELS.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** The spec's atom for a parent's name, vdpa_sim in its default (set_map) mode; null if none. */
    public static String parentAtom(String name) {
        return PARENTS.entrySet().stream().filter(e -> e.getValue().equals(name) && !e.getKey().equals("VdpaSimDma"))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    public static String parent(String atom) {
        return PARENTS.getOrDefault(atom, atom.toLowerCase(Locale.ROOT));
    }

    /** The parent as a matrix column: vdpa_sim's dma_map mode is its own column. */
    public static String parentColumn(String atom) {
        return atom.equals("VdpaSimDma") ? "vdpa_sim/dma" : parent(atom);
    }

    /** Parent options the trace header carries (vdpa_sim loaded with batch_mapping=0). */
    public static Map<String, String> parentOptions(String atom) {
        return atom.equals("VdpaSimDma") ? Map.of("batch_mapping", "0") : Map.of();
    }

    public static String client(String atom) {
        return CLIENTS.getOrDefault(atom, atom.toLowerCase(Locale.ROOT));
    }

    /** The words that end a garbled UPDATE (uaccess.als's Bad atoms but Null). */
    public static List<String> garble(String atom) {
        List<String> words = GARBLES.get(atom);
        if (words == null) {
            throw new IllegalArgumentException("the trace language cannot write an UPDATE garbled as " + atom);
        }
        return words;
    }

    /** The operation of the trace language an event is written as. */
    public static String verb(String event) {
        return VERBS.getOrDefault(event, event.toLowerCase(Locale.ROOT));
    }

    /** The event in words: its operation, and for DMA which access. */
    public static String event(String event) {
        return switch (event) {
            case "DmaRead" -> "dma read";
            case "DmaWrite" -> "dma write";
            default -> verb(event);
        };
    }

    /** A virtqueue's index. */
    public static String vq(String atom) {
        return VQS.get(atom);
    }

    /** A status level as the bits SET_STATUS writes to reach it ({@code 0} for reset). */
    public static String statusBits(String status) {
        return STATUS_BITS.get(status);
    }

    /** A status level by its highest bit. */
    public static String status(String status) {
        return STATUS.getOrDefault(status, status);
    }

    /** A result as the trace language writes it; an errno keeps its name. */
    public static String result(String result) {
        return RESULTS.getOrDefault(result, result);
    }
}
