module proposals/rfc_v1
-- "[PATCH 0/4] vdpa: decouple reset of iotlb mapping from device reset", v1, 10 Oct 2023:
-- .reset_map, reset_map at release, IOTLB_PERSIST (now also where the parent declares it), and
-- mlx5 .reset_map on top of the descriptor-group series. Still no .compat_reset: mlx5's .reset
-- stops cleaning its MRs for every userspace, which is what Jason Wang objected to ("if the fix
-- breaks another userspace, it's a new bug in the kernel") and v4 answered with .compat_reset.
open vdpacheck

one sig SeriesV1 extends Kernel {}
fact seriesV1 {
  SeriesV1.changes = V66.changes + DescGroup + ResetMapAtRelease + Persist + Mlx5ResetMap + Mlx5BackendFeatures
}
