module vdpa/lifecycle
open vdpa/reset

-- vhost_vdpa_open(): exclusive, -EBUSY while open (the atomic_cmpxchg() of v->opened comes
-- first, so a second open resets nothing); else vhost_vdpa_reset() with no vqs yet, so flags 0
-- (never CLEAN_MAP); acked features zeroed by vhost_dev_init(); no address space; a platform
-- parent gets a new, empty IOMMU domain. Every program modelled makes VHOST_SET_OWNER right
-- after, which a trace writes as part of the open; one that SkipsSetOwner leaves Dev.owned
-- empty, and may make it later (setOwner).
pred vhostOpen {
  some Dev.opened implies refuse[Open, none, none, none, none, none, none, EBUSY]
  else {
    step[Open, none, none, none, none, none, none, Ok]
    Dev.opened' = Yes
    Dev.owned' = (some SkipsSetOwner implies none else Yes)
    no Dev.acked' and no Dev.hasAs' and no Dev.vh' and no Dev.batch'
    P = Platform implies (no Dev.dev' and no Dev.ident' and Dev.status' = S0 and Dev.g2a' = Group -> A0
                          and no Dev.suspended' and no Dev.ctrlVq')
      else deviceReset[none]
  }
}

-- vhost_vdpa_release(): the reset (CLEAN_MAP computed while the vqs still exist), then for each
-- ASID that had an address space every entry is unmapped (dma_unmap, or the domain is freed;
-- a set_map parent is told nothing), then from v6.7 reset_map for each such ASID,
-- unconditionally (1d0f874bfe78).
pred vhostRelease {
  some Dev.opened
  step[Release, none, none, none, none, none, none, Ok]
  no Dev.opened' and no Dev.owned' and no Dev.acked' and no Dev.hasAs' and no Dev.vh' and no Dev.batch'
  Dev.status' = S0 and Dev.g2a' = Group -> A0 and no Dev.suspended' and no Dev.ctrlVq'
  let resetIdent = (cleans[Yes] implies cleanIdent[K, P] else Dev.ident),
      resetDev = (cleans[Yes] implies none -> none -> none else Dev.dev),
      unmapped = { a: Dev.hasAs | some a.(Dev.vh) },
      -- vhost_vdpa_iotlb_unmap() of everything: what each parent kind sees.
      afterIdent = (P in dmaMapParents implies resetIdent - unmapped
                    else P = Platform implies none else resetIdent),
      afterDev = (P in dmaMapParents implies resetDev - unmapped <: Dev.vh
                  else P = Platform implies none -> none -> none else resetDev),
      remapped = ((ResetMapAtRelease in K.changes and hasResetMap[K, P]) implies Dev.hasAs else none) {
    perGroupMaps implies {
      -- rfc's mlx5_vdpa_reset_mr(): for ASID 0 the data MR becomes the DMA MR again; any other
      -- ASID is ignored, and the cvq iotlb is never made 1:1 again.
      let dataBack = (A0 in remapped implies G0 else none) {
        Dev.gident' = (cleans[Yes] implies Group else Dev.gident) + dataBack
        Dev.gdev' = (cleans[Yes] implies none -> none -> none else Dev.gdev) - dataBack -> Range -> Perm
      }
    } else {
      Dev.ident' = afterIdent - remapped + (remapped & cleanIdent[K, P])
      Dev.dev' = afterDev - remapped -> Range -> Perm
    }
  }
}

-- VHOST_SET_OWNER (vhost_dev_set_owner(), v6.6 to newest): -EBUSY once the device has an
-- owner, even the caller itself; else the caller's mm becomes it, and a use_va parent's
-- bind_mm() (vdpa_sim's never fails) gets it. Nothing else changes.
pred setOwner {
  some Dev.opened
  some Dev.owned implies refuse[SetOwner, none, none, none, none, none, none, EBUSY]
  else {
    step[SetOwner, none, none, none, none, none, none, Ok]
    Dev.owned' = Yes and Dev.opened' = Dev.opened
    keepNegotiation and keepStatus and keepVhost and keepDevice
  }
}

-- The in-kernel virtio-vdpa driver binds the released device: vdpa_reset(vdpa, 0), never
-- CLEAN_MAP, then DMA through the DMA API on vdpa_get_dma_dev() (virtio_vdpa_probe()). An
-- on-chip parent translates that DMA through its default map, so it works only with the 1:1
-- map back (mlx5 before v6.7: on the data MR and the cvq iotlb alike); VDUSE's bounce domain
-- and a platform parent's default IOMMU domain serve it whatever userspace left. EIO: the
-- driver's first DMA faults (virtio-net's first control command times out).
pred virtioBind {
  no Dev.opened
  step[VirtioBind, none, none, none, none, none, none,
       (P not in onChip or (perGroupMaps implies Group in Dev.gident' else A0 in Dev.ident')) implies Ok else EIO]
  deviceReset[none]
  keepNegotiation and keepLifecycle and keepVhost
}
