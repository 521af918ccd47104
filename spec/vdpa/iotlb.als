module vdpa/iotlb
open vdpa/state

-- ops->set_map(asid, iotlb) with the post-state table. mlx5 before its per-ASID MRs
-- (mlx5_vdpa_handle_set_map(), v6.6) builds the data MR if the data group is bound to asid and
-- copies the table into the cvq iotlb if the cvq group is; an ASID no group is bound to builds
-- nothing.
pred setMap[asid: Asid] {
  perGroupMaps implies {
    Dev.gdev' = Dev.gdev - Dev.g2a.asid -> Range -> Perm + Dev.g2a.asid -> asid.(Dev.vh')
    Dev.gident' = Dev.gident - Dev.g2a.asid
  } else {
    Dev.dev' = Dev.dev - asid -> Range -> Perm + asid -> asid.(Dev.vh')
    Dev.ident' = Dev.ident - asid
  }
}

-- vhost_vdpa_map(): dma_map now (vdpa_sim drops its 1:1 table first), set_map unless
-- batching, else iommu_map into the domain.
pred deviceMap[asid: Asid, range: Range, perm: Perm] {
  P in dmaMapParents implies {
    Dev.dev' = Dev.dev - (asid in Dev.ident implies asid -> Range -> Perm else none -> none -> none) + asid -> range -> perm
    Dev.ident' = Dev.ident - asid
  } else P in setMapParents implies {
    no Dev.batch implies setMap[asid] else keepDevice
  } else {
    -- iommu_map() with IOMMU_READ/IOMMU_WRITE as the entry's VHOST_ACCESS_* says.
    Dev.dev' = Dev.dev + asid -> range -> (IommuMapsReadOnlyWritable in K.changes implies RW else perm)
    Dev.ident' = Dev.ident
  }
}

-- vhost_vdpa_unmap(): dma_unmap/iommu_unmap per removed entry (vdpa_sim's first unmap drops
-- its 1:1 table), then set_map of the new table unless batching.
pred deviceUnmap[asid: Asid, gone: Range -> Perm] {
  P in dmaMapParents implies {
    (some gone and asid in Dev.ident) implies {
      Dev.dev' = Dev.dev - asid -> Range -> Perm
      Dev.ident' = Dev.ident - asid
    } else {
      Dev.dev' = Dev.dev - asid -> gone
      Dev.ident' = Dev.ident
    }
  } else P in setMapParents implies {
    no Dev.batch implies setMap[asid] else keepDevice
  } else {
    Dev.dev' = Dev.dev - asid -> gone
    Dev.ident' = Dev.ident
  }
}

-- vhost_chr_write_iter(): a VHOST_IOTLB_MSG_V2's asid field is read only once IOTLB_ASID is
-- acked on vqs[0]; before that every message is for address space 0, whatever the field says.
fun msgAsid[field: Asid]: Asid { IOTLB_ASID in Dev.acked implies field else A0 }

-- vhost_vdpa_find_alloc_as(), for UPDATE and BATCH_BEGIN: before any other check but the ASID's.
pred allocAs[asid: Asid] { Dev.hasAs' = Dev.hasAs + asid }

-- An IOTLB message refused after its address space was allocated. write(2) reports every
-- handler error as EFAULT (vhost_chr_write_iter).
pred refuseAllocated[e: Event, field: Asid, range: lone Range, perm: lone Perm] {
  step[e, field, range, perm, none, none, none, EFAULT]
  allocAs[msgAsid[field]]
  Dev.vh' = Dev.vh and Dev.batch' = Dev.batch
  keepNegotiation and keepLifecycle and keepStatus and keepDevice
}

-- IOTLB UPDATE (vhost_vdpa_process_iotlb_update): an ASID beyond nas, a batch for another
-- ASID, or any overlap with an entry of the ASID (-EEXIST) fail; no merge, no replace. Size 0
-- is a framing error of vhost_chr_write_iter(), before the handler: EINVAL, nothing allocated.
-- Pinning more than RLIMIT_MEMLOCK allows is -ENOMEM (vhost_vdpa_pa_map()): every entry of
-- every ASID of a parent without use_va holds pinned pages, and a tight limit holds one range.
-- A range past v->range, or wrapping past 2^64, is -EINVAL before the overlap check
-- (vhost_vdpa_process_iotlb_update()). Without an owner the handler's vhost_dev_check_owner()
-- refuses first (-EPERM, so EFAULT), before any address space is allocated.
pred update[field: Asid, range: Range, perm: Perm] {
  some Dev.opened
  let asid = msgAsid[field] |
  range in Whole implies refuse[Update, field, range, perm, none, none, none, EINVAL]
  else (no Dev.owned or asid not in asids[P]) implies refuse[Update, field, range, perm, none, none, none, EFAULT]
  else (some Dev.batch - asid or range in Beyond or some overlapping[asid, range] or pinLimited)
    implies refuseAllocated[Update, field, range, perm]
  else range in Unbacked implies {
    step[Update, field, range, perm, none, none, none, EFAULT]
    allocAs[asid]
    Dev.vh' = Dev.vh and Dev.batch' = Dev.batch
    unbackedDevice[asid]
    keepNegotiation and keepLifecycle and keepStatus
  } else {
    step[Update, field, range, perm, none, none, none, Ok]
    allocAs[asid]
    Dev.vh' = Dev.vh + asid -> range -> perm
    Dev.batch' = Dev.batch
    deviceMap[asid, range, perm]
    keepNegotiation and keepLifecycle and keepStatus
  }
}

-- An UPDATE of an Unbacked range fails once every check above has passed, and the IOTLB stays
-- as it was. vhost_vdpa_va_map() maps the part in the first VMA, finds no VMA after it
-- (-EINVAL) and unmaps what it mapped; vhost_vdpa_pa_map() pins short (-ENOMEM) before it maps
-- anything, then unmaps the whole range. Either way vhost_vdpa_unmap() hands a set_map parent
-- the table again unless batching, and on the VA path vdpa_sim's dma_map has dropped its 1:1
-- table for the partial map (vdpasim_dma_map(); v6.7 drivers/vhost/vdpa.c).
pred unbackedDevice[asid: Asid] {
  P in dmaMapParents implies {
    (useVa[K, P] and asid in Dev.ident) implies {
      Dev.dev' = Dev.dev - asid -> Range -> Perm
      Dev.ident' = Dev.ident - asid
    } else keepDevice
  } else P in setMapParents implies {
    no Dev.batch implies setMap[asid] else keepDevice
  } else keepDevice
}

pred pinLimited { some TightMemlock and not useVa[K, P] and some Dev.vh }

-- IOTLB INVALIDATE (vhost_vdpa_process_iotlb_msg() → vhost_vdpa_unmap()): every whole entry
-- overlapping the range goes; unmapped is a no-op. Size 0 reaches the handler since
-- ca50ec377c2e (v6.6), so iova 0, size 0 empties the address space. Without an owner there is
-- no address space, and the owner check refuses first anyway.
pred invalidate[field: Asid, range: Range] {
  some Dev.opened
  let asid = msgAsid[field] |
  (asid not in Dev.hasAs or some Dev.batch - asid) implies refuse[Invalidate, field, range, none, none, none, none, EFAULT]
  else {
    step[Invalidate, field, range, none, none, none, none, Ok]
    Dev.vh' = Dev.vh - asid -> overlapping[asid, range]
    Dev.hasAs' = Dev.hasAs and Dev.batch' = Dev.batch
    deviceUnmap[asid, overlapping[asid, range]]
    keepNegotiation and keepLifecycle and keepStatus
  }
}
