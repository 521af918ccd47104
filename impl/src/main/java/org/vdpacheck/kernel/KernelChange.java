package org.vdpacheck.kernel;

/**
 * An upstream change to vhost-vdpa, the vdpa bus or a parent driver that alters behaviour this
 * implementation models. A {@link KernelProfile} is the set of changes a tree carries; code asks
 * {@code profile.has(change)} where the kernel's code differs, so the driver is written once.
 */
public enum KernelChange {
    /** "vhost-vdpa: introduce RESUME" (≈v6.4): VHOST_VDPA_RESUME, backend bit RESUME accepted. */
    RESUME("v6.4"),
    /**
     * "vhost-vdpa: use bind_mm/unbind_mm device callbacks" (≈v6.5, not pinned; absent from 6.1):
     * SET_OWNER binds the owner's mm to a use_va parent, release unbinds it.
     */
    BIND_MM("v6.5"),
    /**
     * 6c3d329e6486 "vdpa_sim: get rid of DMA ops" (after 6.1): each address space starts as, and
     * every reset rewrites it to, the 1:1 table iommu_pt marks. Before it (6.1.192's
     * vdpasim_do_reset()) a reset emptied every iommu[] and kernel DMA went through dma_map_ops.
     */
    VDPA_SIM_IDENTITY_MAP("v6.2"),
    /**
     * "vdpa_sim: add support for user VA" (the BIND_MM series; absent from 6.1): the use_va module
     * parameter, default on. Before it vdpa_alloc_device(..., use_va = false) sends vhost-vdpa down
     * the PA path: pages pinned, one IOTLB entry per physically contiguous run.
     */
    VDPA_SIM_USE_VA("v6.5"),
    /** "vdpa: add get_backend_features vdpa operation" (v6.6). */
    PARENT_BACKEND_FEATURES("v6.6"),
    /** 8b59b4da9b56 + "vdpa: accept VHOST_BACKEND_F_ENABLE_AFTER_DRIVER_OK" (v6.6). */
    ENABLE_AFTER_DRIVER_OK("v6.6"),
    /** Si-Wei Liu's descriptor-group series: DESC_ASID, GET_VRING_DESC_GROUP (v6.7). */
    DESC_GROUP("v6.7"),
    /**
     * d2cf1b6e3b85 .reset_map op + 1d0f874bfe78 reset_map at release (v6.7). RFC 1/4 and 3/4
     * (Aug 2023) are the same code: vhost_vdpa_remove_as() calls it for every ASID with an AS.
     */
    RESET_MAP("v6.7"),
    /**
     * 4398776f7a6d "vhost-vdpa: introduce IOTLB_PERSIST backend feature bit" (v6.7), as RFC 4/4
     * already had it: offered and accepted iff vhost_vdpa_has_persistent_map() finds the platform
     * IOMMU or an on-chip one with .reset_map.
     */
    IOTLB_PERSIST("v6.7"),
    /**
     * The third case of vhost_vdpa_has_persistent_map(), added in v1 of the series (Oct 2023) and
     * merged in 4398776f7a6d: a parent whose get_backend_features declares IOTLB_PERSIST. RFC 4/4
     * did not have it.
     */
    PERSIST_FROM_PARENT_FEATURES("v6.7"),
    /** a26f2e4e68ee .compat_reset op + bc91df5c70ac reset with CLEAN_MAP for older userspace (v6.7). */
    COMPAT_RESET("v6.7"),
    /** 86f6c224c979 "vdpa_sim: implement .reset_map support" (v6.7). */
    VDPA_SIM_RESET_MAP("v6.7"),
    /** 2eacf4b5e3eb "vdpa/mlx5: implement .reset_map driver op" (v6.7). */
    MLX5_RESET_MAP("v6.7"),
    /**
     * RFC 2/4 "vdpa/mlx5: implement .reset_map driver op" (Aug 2023, never merged), written on the
     * v6.6 single data MR: mlx5_vdpa_reset() stops destroying the MRs for every userspace, and
     * mlx5_vdpa_reset_mr() rebuilds only the DMA MR, only for ASID 0.
     */
    MLX5_RFC_RESET_MAP("RFC"),
    /** "vdpa/mlx5: Enable hw support for vq descriptor mapping" (v6.7), gated on a hw cap. */
    MLX5_DESC_GROUP("v6.7"),
    /** "vdpa: Track device suspended state" (v6.8): v->suspended. */
    TRACK_SUSPENDED("v6.8"),
    /** "vdpa: Block vq property changes in DRIVER_OK" (v6.8). */
    BLOCK_VQ_CHANGES_IN_DRIVER_OK("v6.8"),
    /** "vdpa/mlx5: Introduce per vq and device resume" (v6.8). */
    MLX5_RESUME("v6.8"),
    /** c4e8b5aed7cd "vdpa: skip suspend/resume ops if not DRIVER_OK" (v6.9). */
    SKIP_SUSPEND_RESUME_BEFORE_DRIVER_OK("v6.9"),
    /**
     * "vDPA/ifcvf: get_max_vq_size to return max size" (series posted 2 Feb 2024; v6.9 is its merge
     * window, not checked against a tag): GET_VRING_NUM answers the smallest queue_size the VF's
     * common config reports, no longer IFCVF_QUEUE_MAX.
     */
    IFCVF_HW_QUEUE_SIZE("v6.9"),
    /**
     * SET_GROUP_ASID also rejects index >= ngroups (2025 upstream; backported to the stable trees:
     * 6.1.192's and 6.12.95's vhost_vdpa_vring_ioctl() both have it).
     */
    GROUP_ASID_CHECKS_NGROUPS("2025");

    private final String since;

    KernelChange(String since) {
        this.since = since;
    }

    /**
     * The release (or year, where unpinned) that first carried the change upstream; "RFC" for a
     * posting that never landed.
     */
    public String since() {
        return since;
    }
}
