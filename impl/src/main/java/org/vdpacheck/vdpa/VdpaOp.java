package org.vdpacheck.vdpa;

/**
 * The optional members of struct vdpa_config_ops (include/linux/vdpa.h) whose presence changes
 * what vhost-vdpa does: a parent lists the ones it fills in, and callers test them the way the
 * kernel tests {@code if (ops->set_map)}.
 */
public enum VdpaOp {
    /** Whole-table on-chip IOMMU (mlx5, vdpa_sim batch_mapping=1, VDUSE). */
    SET_MAP,
    /** Incremental on-chip IOMMU, dma_map + dma_unmap (vdpa_sim batch_mapping=0). */
    DMA_MAP,
    /** v6.7 (and the Aug 2023 RFC): restore the default mapping of an address space. */
    RESET_MAP,
    /** v6.7: reset with quirks for older userspace (VDPA_RESET_F_CLEAN_MAP). */
    COMPAT_RESET,
    SUSPEND,
    RESUME,
    GET_VQ_GROUP,
    /** v6.7. */
    GET_VQ_DESC_GROUP,
    SET_GROUP_ASID,
    /** v6.6. */
    GET_BACKEND_FEATURES,
    /** Only vdpa_sim fills it (vdpasim_get_iova_range()); mlx5, VDUSE and ifcvf do not. */
    GET_IOVA_RANGE,
    /** bind_mm + unbind_mm: a use_va parent's worker reaches user VAs through the owner's mm. */
    BIND_MM
}
