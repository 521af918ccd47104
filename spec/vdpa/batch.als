module vdpa/batch
open vdpa/iotlb

-- BATCH_BEGIN (vhost_vdpa_process_iotlb_msg()): past the owner check, allocates the ASID's address space, then fails if another
-- ASID's batch is open; a nested BEGIN for the same ASID simply re-sets. The kernel never checks IOTLB_BATCH was acked.
pred batchBegin[field: Asid] {
  some Dev.opened
  let asid = msgAsid[field] |
  (no Dev.owned or asid not in asids[P]) implies refuse[BatchBegin, field, none, none, none, none, none, EFAULT]
  else some Dev.batch - asid implies refuseAllocated[BatchBegin, field, none, none]
  else {
    step[BatchBegin, field, none, none, none, none, none, Ok]
    allocAs[asid]
    Dev.batch' = asid and Dev.vh' = Dev.vh
    keepNegotiation and keepLifecycle and keepStatus and keepDevice
  }
}

-- BATCH_END (vhost_vdpa_process_iotlb_msg()): a set_map parent gets the whole table, only if a batch was open. dma_map and the
-- platform IOMMU were never deferred. An END without BEGIN is a no-op if the AS exists.
pred batchEnd[field: Asid] {
  some Dev.opened
  let asid = msgAsid[field] |
  (asid not in Dev.hasAs or some Dev.batch - asid) implies refuse[BatchEnd, field, none, none, none, none, none, EFAULT]
  else {
    step[BatchEnd, field, none, none, none, none, none, Ok]
    no Dev.batch'
    Dev.hasAs' = Dev.hasAs and Dev.vh' = Dev.vh
    (Dev.batch = asid and P in setMapParents) implies setMap[asid] else keepDevice
    keepNegotiation and keepLifecycle and keepStatus
  }
}
