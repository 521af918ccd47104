module vdpa/reset
open vdpa/state

-- Whether a device reset cleans the parent's map back to its 1:1 default: before v6.7 every
-- on-chip .reset did; from v6.7 (bc91df5c70ac) only .compat_reset(VDPA_RESET_F_CLEAN_MAP),
-- which _compat_vdpa_reset() asks for when the vqs exist (not at open) and PERSIST is not acked.
pred cleans[withFlags: lone Yes] {
  P in onChip and ParentsKeepMapsOnReset not in K.changes
  (not hasResetMap[K, P]) or (hasCompatReset[K, P] and some withFlags and IOTLB_PERSIST not in Dev.acked)
}

-- vdpa_reset(): the parent's reset. Groups go back to ASID 0 on every parent (mlx5
-- init_group_to_asid_map, vdpasim_do_reset); v6.8 clears v->suspended. Maps per `cleans`.
pred deviceReset[withFlags: lone Yes] {
  cleans[withFlags] implies {
    -- mlx5 (v6.6): every MR destroyed and the cvq iotlb pruned, then the DMA MR and a 1:1 cvq
    -- iotlb created again (mlx5_vdpa_reset(), umem_uid_0).
    perGroupMaps implies (Dev.gident' = Group and no Dev.gdev')
      else (Dev.ident' = cleanIdent[K, P] and no Dev.dev')
  } else keepDevice
  Dev.status' = S0
  Dev.g2a' = Group -> A0
  no Dev.suspended' and no Dev.ctrlVq'
}

-- VHOST_VDPA_SET_STATUS (vhost_vdpa_set_status()): bits can only be added, except by writing 0, which resets the device
-- and leaves the vhost-side IOTLB and in_batch alone.
pred setStatus[s: Status] {
  some Dev.opened
  (s != S0 and s in Dev.status.below) implies refuse[SetStatus, none, none, none, none, s, none, EINVAL]
  else s = S0 implies {
    step[SetStatus, none, none, none, none, s, none, Ok]
    deviceReset[Yes]
    keepNegotiation and keepLifecycle and keepVhost
  } else {
    step[SetStatus, none, none, none, none, s, none, Ok]
    Dev.status' = s
    Dev.g2a' = Dev.g2a and Dev.suspended' = Dev.suspended and Dev.ctrlVq' = Dev.ctrlVq
    keepNegotiation and keepLifecycle and keepVhost and keepDevice
  }
}
