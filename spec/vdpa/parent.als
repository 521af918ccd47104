module vdpa/parent
open vdpa/features
open vdpa/kernel

-- Address spaces and virtqueue groups. A0/G0 always exist; A1/G1 only on the parents with two.
-- G2 is group number 2: mlx5's descriptor group from v6.7, which holds no vq the spec follows
-- (mlx5_vdpa_get_vq_desc_group()), and one past ngroups on every other parent.
abstract sig Asid {}
one sig A0, A1 extends Asid {}
abstract sig Group {}
one sig G0, G1, G2 extends Group {}
-- The virtqueues a trace names: a data vq (vq 0), the control vq (vq 2: a net device with one
-- queue pair; no trace negotiates VIRTIO_NET_F_MQ, without which mlx5's ctrl_vq_idx() is 2 too),
-- and vq 3, one past that device's three vqs: its nvqs on every parent here (vdpa_sim_net's
-- VDPASIM_NET_VQ_NUM, mlx5's max_vqs + 1 for one pair).
abstract sig Vq {}
one sig DataVq, Cvq, PastVq extends Vq {}

-- The parent drivers: vdpa_sim (set_map, batch_mapping=1), vdpa_sim with batch_mapping=0
-- (dma_map), mlx5_vdpa, VDUSE, and a platform-IOMMU parent (ifcvf and its kin).
abstract sig Parent {}
one sig VdpaSim, VdpaSimDma, Mlx5, Vduse, Platform extends Parent {}

-- Which ops fill vdpa_config_ops (include/linux/vdpa.h), per kernel.
fun setMapParents: set Parent { VdpaSim + Mlx5 + Vduse }
fun dmaMapParents: set Parent { VdpaSimDma }
-- Parents whose .reset cleaned their own mapping before v6.7: the "historically
-- non-compliant" on-chip IOMMUs of a26f2e4e68ee.
fun onChip: set Parent { VdpaSim + VdpaSimDma + Mlx5 }

fun asids[p: Parent]: set Asid { p in Vduse + Platform implies A0 else A0 + A1 }
fun groups[p: Parent]: set Group { p in Vduse + Platform implies G0 else G0 + G1 }
-- Every group the parent has (its ngroups): with mlx5's descriptor group.
fun allGroups[k: Kernel, p: Parent]: set Group { groups[p] + (hasDescGroup[k, p] implies G2 else none) }

pred hasResetMap[k: Kernel, p: Parent] {
  (p in VdpaSim + VdpaSimDma and SimResetMap in k.changes) or (p = Mlx5 and Mlx5ResetMap in k.changes)
}
-- Both parents gained .compat_reset with .reset_map, and only the merged series has it.
pred hasCompatReset[k: Kernel, p: Parent] { hasResetMap[k, p] and CompatReset in k.changes }
-- Parents vhost-vdpa maps user VAs for (vdpa_alloc_device(..., use_va = true)): VDUSE, and
-- vdpa_sim by its module parameter's default. The others get pinned pages (vhost_vdpa_pa_map()).
pred useVa[k: Kernel, p: Parent] { p = Vduse or (p in VdpaSim + VdpaSimDma and SimUseVa in k.changes) }
pred hasSuspend[p: Parent] { p in onChip }
pred hasResume[k: Kernel, p: Parent] {
  (p in VdpaSim + VdpaSimDma and VhostResume in k.changes) or (p = Mlx5 and Mlx5Resume in k.changes)
}
pred hasDescGroup[k: Kernel, p: Parent] { p = Mlx5 and DescGroup in k.changes }
pred hasSetGroupAsid[p: Parent] { p in onChip }
-- vhost_vdpa_set_iova_range() at open (v5.10+): the parent's get_iova_range(), which only
-- vdpa_sim has (vdpasim_get_iova_range(): [0, U64_MAX]); else, where vhost-vdpa attached an IOMMU
-- domain with force_aperture (a platform parent: ifc_vdpa_ops has no get_iova_range), the domain's
-- aperture, which intel-iommu's domain_update_iommu_cap() sets to the unit's address width; else
-- [0, U64_MAX]. The tool writes the aperture as a 4-level VT-d's, [0, 2^48 - 1].
pred apertureRange[p: Parent] { p = Platform }
-- get_vq_num_max(), which VHOST_VDPA_GET_VRING_NUM answers: VDPASIM_QUEUE_MAX and
-- MLX5_VDPA_MAX_VQ_ENTRIES are 256, and the VDUSE device the tool stands for sets up 256-entry
-- vqs; ifcvf_vdpa_get_vq_num_max() answered IFCVF_QUEUE_MAX (32768) until v6.9 made it the
-- smallest queue_size the VF reports (ifcvf_get_max_vq_size()), 256 on the tool's VF. The tool
-- writes 256, or 32768 where bigQueues[] holds.
pred bigQueues[k: Kernel, p: Parent] { p = Platform and IfcvfHwQueueSize not in k.changes }
-- get_vq_group(): vdpasim_get_vq_group() and mlx5_vdpa_get_vq_group() put the cvq alone in
-- group 1; ifcvf_vdpa_get_vq_group() answers 0 for every vq. VDUSE has no such op in the trees
-- read (its vq-group series, 2025, had not landed).
pred hasGetVqGroup[p: Parent] { p != Vduse }
fun vqGroup[p: Parent, q: Vq]: Group { (p in onChip and q = Cvq) implies G1 else G0 }
-- get_vq_desc_group(), which only mlx5 has (hasDescGroup): the data vqs' descriptor tables in
-- MLX5_VDPA_DATAVQ_DESC_GROUP, the cvq's with the cvq (mlx5_vdpa_get_vq_desc_group(), v6.7).
fun vqDescGroup[q: Vq]: Group { q = Cvq implies G1 else G2 }

-- get_backend_features(): vdpa_sim from v6.6, mlx5 from v6.7, both ENABLE_AFTER_DRIVER_OK.
fun parentFeatures[k: Kernel, p: Parent]: set Bit {
  ((p in VdpaSim + VdpaSimDma and ParentBackendFeatures in k.changes)
    or (p = Mlx5 and Mlx5BackendFeatures in k.changes)) implies ENABLE_AFTER_DRIVER_OK else none
}

-- vhost_vdpa_has_persistent_map() (4398776f7a6d): platform IOMMU, or .reset_map.
pred persistentMap[k: Kernel, p: Parent] {
  p = Platform or hasResetMap[k, p] or PersistUnconditional in k.changes
}

-- The identity (1:1) map a parent falls back to: vdpa_sim's iommu_pt tables on every ASID,
-- mlx5's DMA MR on ASID 0. VDUSE and platform parents have none; nor has 6.1's vdpa_sim, whose
-- vdpasim_do_reset() only vhost_iotlb_reset()s each iommu[] (EMPTY).
fun cleanIdent[k: Kernel, p: Parent]: set Asid {
  p in VdpaSim + VdpaSimDma implies (SimIdentityMap in k.changes implies A0 + A1 else none)
    else (p = Mlx5 implies A0 else none)
}
-- At device creation: vdpa_sim only has its 1:1 tables from v6.7 (EMPTY until the first reset
-- before); mlx5 preallocates the DMA MR (6f5312f80183).
fun initialIdent[k: Kernel, p: Parent]: set Asid {
  p in VdpaSim + VdpaSimDma implies (SimResetMap in k.changes implies A0 + A1 else none)
    else (p = Mlx5 implies A0 else none)
}
