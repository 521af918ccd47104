package org.vdpacheck.tool.audit;

import java.util.ArrayList;
import java.util.List;

import org.vdpacheck.tool.alloy.Cell;

/**
 * The review thread of the IOTLB_PERSIST series (2023), and the cases it did not discuss, as
 * claims the audit checks. Each names the cells the sentence is about.
 */
public final class Argument {
    public static final String FIX_PARENTS_ONLY = "fix-parents-only.als";
    private static final List<String> ON_CHIP = List.of("VdpaSim", "Mlx5");
    private static final List<String> ALL_PARENTS = List.of("VdpaSim", "VdpaSimDma", "Mlx5", "Vduse", "Platform");

    private Argument() {
    }

    private static List<Cell> cells(List<String> kernels, List<String> parents, List<String> clients) {
        List<Cell> out = new ArrayList<>();
        for (String c : clients) {
            for (String k : kernels) {
                for (String p : parents) {
                    out.add(new Cell(k, p, c));
                }
            }
        }
        return out;
    }

    /** What the thread argued. */
    public static List<Claim> thread() {
        return List.of(
                new Claim("\"just fix the simulator and mlx5\": a client that trusts persistence works there",
                        FIX_PARENTS_ONLY, "NoFaultForCorrectPair", true,
                        cells(List.of("FixParents"), ON_CHIP, List.of("AssumePersist"))),
                new Claim("... but the same client breaks on an older kernel, which it cannot tell apart",
                        null, "NoFaultForCorrectPair", false, cells(List.of("V66"), ON_CHIP, List.of("AssumePersist"))),
                new Claim("... and nothing gives virtio-vdpa its 1:1 map back after vhost-vdpa",
                        FIX_PARENTS_ONLY, "ReleaseRestoresInitial", false,
                        cells(List.of("FixParents"), ON_CHIP, List.of(Audit.ANY))),
                new Claim("the RFC without .compat_reset changes what old userspace sees across reset (mlx5)",
                        null, "OldClientUnchanged", false, cells(List.of("RFC"), List.of("Mlx5"), List.of(Audit.ANY))),
                new Claim("the merged series keeps old userspace's reset behaviour on every parent",
                        null, "OldClientUnchanged", true, cells(List.of("V67"), ALL_PARENTS, List.of(Audit.ANY))),
                new Claim("the merged series has no counterexample for the clients it was designed for",
                        null, "NoFaultForCorrectPair", true, cells(List.of("V67"), ALL_PARENTS,
                                List.of("Qemu52", "Qemu80", "Qemu101", "QemuPersist", "Dpdk"))),
                new Claim("with PERSIST acked, a reset keeps every map, on every kernel that offers it",
                        null, "PersistSurvivesReset", true, cells(List.of("V67", "Newest"), ALL_PARENTS,
                                List.of(Audit.ANY))),
                new Claim("virtio-vdpa gets its 1:1 map back after release on the merged series",
                        null, "ReleaseRestoresInitial", true, cells(List.of("V67"), ON_CHIP, List.of(Audit.ANY))));
    }

    /** What the thread did not discuss, each the way the code makes it happen. */
    public static List<Claim> beyond() {
        return List.of(
                new Claim("PERSIST dropped mid-session: the next reset cleans the maps of a client still relying on them",
                        null, "NoFaultForCorrectPair", false, cells(List.of("V67"), ON_CHIP, List.of("DropsPersist"))),
                new Claim("group -> ASID bindings do not survive a reset, PERSIST or not",
                        null, "GroupsSurviveReset", false, cells(List.of("V67"), ON_CHIP, List.of(Audit.ANY))),
                new Claim("a batch left open across a reset stays open (in_batch survives SET_STATUS 0)",
                        null, "BatchClosedByReset", false, cells(List.of("V67"), ALL_PARENTS, List.of(Audit.ANY))),
                new Claim("QEMU 10.1+ hot-plug: the CVQ probe's raw SET_STATUS 0 drops the maps made at set_owner",
                        null, "NoFaultForCorrectPair", false, cells(List.of("V66", "V67"), ON_CHIP,
                                List.of("Qemu101Hotplug"))),
                new Claim("Cloud Hypervisor never remaps: on v6.6 on-chip parents a guest reset loses its maps",
                        null, "NoFaultForCorrectPair", false, cells(List.of("V66"), ON_CHIP, List.of("CloudHypervisor"))),
                new Claim("... and on v6.7 it acks PERSIST, so they survive",
                        null, "NoFaultForCorrectPair", true, cells(List.of("V67"), ON_CHIP, List.of("CloudHypervisor"))),
                new Claim("VDUSE after release: its domain keeps the released process's last table",
                        null, "NoDmaAfterRelease", false, cells(List.of("V66", "V67"), List.of("Vduse"), List.of(Audit.ANY))),
                new Claim("vdpa_sim batch_mapping=0 on v6.6: release leaves the device with no map at all",
                        null, "ReleaseRestoresInitial", false, cells(List.of("V66"), List.of("VdpaSimDma"),
                                List.of(Audit.ANY))),
                new Claim("mlx5 before v6.7: data vqs moved by SET_GROUP_ASID write through the old ASID's MR, "
                        + "even where the new ASID maps read-only", null, "PermissionsHold", false,
                        cells(List.of("V66", "RFC"), List.of("Mlx5"), List.of(Audit.ANY))),
                new Claim("the RFC's mlx5 reset_map ignores every ASID but 0: a data MR built for ASID 1 "
                        + "outlives release", null, "NoDmaAfterRelease", false,
                        cells(List.of("RFC"), List.of("Mlx5"), List.of(Audit.ANY))),
                new Claim("... and it never makes the cvq iotlb 1:1 again, which virtio-vdpa's cvq needs",
                        null, "ReleaseRestoresInitial", false, cells(List.of("RFC"), List.of("Mlx5"),
                                List.of(Audit.ANY))),
                new Claim("ENABLE_AFTER_DRIVER_OK is accepted where GET never offered it",
                        null, "NegotiationSound", false, cells(List.of("V67"), List.of("Vduse", "Platform"),
                                List.of(Audit.ANY))));
    }
}
