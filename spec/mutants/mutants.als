module mutants/mutants
-- What-if kernels, each one change away from a named profile, under which an assertion that
-- holds on the merged series fails: the tests use them to show every assertion can fail.
open vdpacheck

one sig PersistEverywhere, NoParentFeatures, NoCompatReset, NoReleaseResetMap, NoPersist, RoWritable
  extends Kernel {}

fact mutants {
  -- IOTLB_PERSIST offered by the pre-series parents, which still clean on reset.
  PersistEverywhere.changes = V66.changes + Persist + PersistUnconditional
  -- No parent offers ENABLE_AFTER_DRIVER_OK, which SET still accepts.
  NoParentFeatures.changes = V67.changes - ParentBackendFeatures - Mlx5BackendFeatures
  -- The v4 series without .compat_reset: on-chip parents never clean for old userspace.
  NoCompatReset.changes = V67.changes - CompatReset
  -- reset_map no longer called at release.
  NoReleaseResetMap.changes = V67.changes - ResetMapAtRelease
  -- IOTLB_PERSIST never offered.
  NoPersist.changes = V67.changes - Persist
  -- The platform IOMMU ignores VHOST_ACCESS_RO.
  RoWritable.changes = V67.changes + IommuMapsReadOnlyWritable
}
