package org.vdpacheck.tool.alloy;

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

    private Names() {
    }

    public static String kernel(String atom) {
        return KERNELS.getOrDefault(atom, atom.toLowerCase(Locale.ROOT));
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
}
