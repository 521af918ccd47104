package org.vdpacheck.parent;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import org.vdpacheck.kernel.KernelProfile;

/**
 * The parent drivers this implementation models, by the names the README, the spec and the
 * traces use. Each creates a fresh device as its management device would (`vdpa dev add`).
 */
public enum ParentDriver {
    /** vdpa_sim_net with the module defaults: batch_mapping=1 (set_map), use_va=1. */
    VDPA_SIM("vdpa_sim", p -> new VdpaSim(p, true, true)),
    /** vdpa_sim_net loaded with batch_mapping=0: dma_map/dma_unmap, the incremental on-chip IOMMU. */
    VDPA_SIM_DMA_MAP("vdpa_sim_dma", p -> new VdpaSim(p, false, true)),
    MLX5_VDPA("mlx5_vdpa", Mlx5Vdpa::new),
    VDUSE("vduse", Vduse::new),
    /** Every platform-IOMMU parent, as ifcvf: the trace language calls it {@code platform}. */
    PLATFORM("platform", Ifcvf::new);

    private final String id;
    private final Function<KernelProfile, ParentDevice> create;

    ParentDriver(String id, Function<KernelProfile, ParentDevice> create) {
        this.id = id;
        this.create = create;
    }

    public String id() {
        return id;
    }

    /** A new device of this parent under the given kernel. */
    public ParentDevice create(KernelProfile profile) {
        return create.apply(profile);
    }

    public static Optional<ParentDriver> byId(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
