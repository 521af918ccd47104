module kernels/debian
-- The two kernels `vdpacheck realkernel` boots, read from Debian's source packages: a module of
-- its own, like a proposal, so that the default audit and the generator keep their four kernels
-- (each kernel adds a fifth of their cells); `vdpacheck check spec/kernels/debian.als` checks
-- every assertion on these two as well.
--
-- linux-source-6.1 (6.1.192): no RESUME (the ioctl falls through to the ring ioctls), SET
-- accepts bits 1-4 only, no parent get_backend_features, no reset_map/compat_reset/PERSIST, and
-- vdpa_sim's reset empties every iommu[] (no iommu_pt); the SET_GROUP_ASID ngroups check is a
-- stable backport. Its vdpa_sim has no use_va, so vhost-vdpa pins pages and makes one IOTLB
-- entry per physically contiguous run: the model's ranges are atoms without sizes, so this
-- chunking is not represented here (impl/ and replay represent it; see the README).
-- linux-source-6.12 (6.12.95): every change of `newest`, and nothing else this model names.
open vdpacheck

one sig V61, V612 extends Kernel {}
fact debian {
  V61.changes = GroupAsidChecksNgroups
  V612.changes = Newest.changes
}
