module vdpa/kernel

-- A kernel is the set of upstream changes it carries; the events ask `X in k.changes` where
-- the code differs between versions. A proposal adds a kernel, or a change, of its own.
abstract sig Change {}
one sig
  SimUseVa,                -- "vdpa_sim: add support for user VA" (2023, v6.4 or v6.5; of these kernels only 6.1 lacks it): use_va, default on
  SimIdentityMap,          -- 6c3d329e6486 "vdpa_sim: get rid of DMA ops": reset rewrites iommu[] to 1:1 (after 6.1, whose reset empties them)
  VhostResume,             -- "vhost-vdpa: introduce RESUME" (v6.4): the ioctl and the RESUME bit (not in 6.1.192)
  AcceptEnableAfterDriverOk, -- "vdpa: accept VHOST_BACKEND_F_ENABLE_AFTER_DRIVER_OK" (v6.6; 6.1.192 refuses bit 6)
  ParentBackendFeatures,   -- "vdpa: add get_backend_features vdpa operation" (v6.6)
  DescGroup,               -- descriptor-group series: DESC_ASID, mlx5 desc group (v6.7)
  ResetMapAtRelease,       -- 1d0f874bfe78: reset_map for every ASID at release (v6.7; RFC 3/4)
  Persist,                 -- 4398776f7a6d: IOTLB_PERSIST offered where the map persists (v6.7; RFC 4/4)
  CompatReset,             -- a26f2e4e68ee + bc91df5c70ac: CLEAN_MAP unless PERSIST acked (v6.7)
  SimResetMap,             -- 86f6c224c979: vdpa_sim .reset_map/.compat_reset, keeps maps on .reset (v6.7)
  Mlx5ResetMap,            -- 2eacf4b5e3eb: mlx5 .reset_map/.compat_reset, keeps MRs on .reset (v6.7; RFC 2/4)
  Mlx5BackendFeatures,     -- mlx5 .get_backend_features: ENABLE_AFTER_DRIVER_OK (v6.7)
  Mlx5Resume,              -- "vdpa/mlx5: Introduce per vq and device resume" (v6.8)
  TrackSuspended,          -- "vdpa: Track device suspended state" (v6.8)
  BlockVqChanges,          -- "vdpa: Block vq property changes in DRIVER_OK" (v6.8)
  SkipSuspendBeforeDriverOk, -- c4e8b5aed7cd (v6.9)
  IfcvfHwQueueSize,        -- "vDPA/ifcvf: get_max_vq_size to return max size" (posted Feb 2024: v6.9)
  GroupAsidChecksNgroups,  -- SET_GROUP_ASID also rejects index >= ngroups (2025)
  -- What-if changes no kernel has, for proposals and for showing each assertion can fail:
  ParentsKeepMapsOnReset,  -- on-chip parents simply stop cleaning on .reset ("fix the simulator and mlx5")
  PersistUnconditional,    -- IOTLB_PERSIST offered on every parent, persistent map or not
  IommuMapsReadOnlyWritable -- the platform IOMMU maps VHOST_ACCESS_RO entries writable
  extends Change {}

abstract sig Kernel { changes: set Change }

-- v6.6: before the series. rfc: Si-Wei Liu's RFC (Aug 2023): reset_map for mlx5 and at
-- release, PERSIST where "no set_map/dma_map or has reset_map", no compat path. v6.7: merged.
-- newest: late-2025 mainline.
one sig V66, RFC, V67, Newest extends Kernel {}

fact profiles {
  V66.changes = SimUseVa + SimIdentityMap + VhostResume + AcceptEnableAfterDriverOk + ParentBackendFeatures
  RFC.changes = V66.changes + ResetMapAtRelease + Persist + Mlx5ResetMap
  V67.changes = V66.changes + DescGroup + ResetMapAtRelease + Persist + CompatReset
                + SimResetMap + Mlx5ResetMap + Mlx5BackendFeatures
  Newest.changes = V67.changes + Mlx5Resume + TrackSuspended + BlockVqChanges + SkipSuspendBeforeDriverOk
                + IfcvfHwQueueSize + GroupAsidChecksNgroups
}
