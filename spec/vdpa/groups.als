module vdpa/groups
open vdpa/state

-- VHOST_VDPA_SET_GROUP_ASID (vhost_vdpa_vring_ioctl()): past the owner check (vring.als), the ASID is bounded by nas; from 2025 the group by ngroups too;
-- a parent without set_group_asid refuses. No check that IOTLB_ASID was acked. The binding
-- moves no mapping, and every device reset puts it back to ASID 0.
pred setGroupAsid[grp: Group, asid: Asid] {
  some Dev.opened
  no Dev.owned implies refuse[SetGroupAsid, asid, none, none, none, none, grp, EPERM]
  else (asid not in asids[P] or (GroupAsidChecksNgroups in K.changes and grp not in allGroups[K, P])) implies
    refuse[SetGroupAsid, asid, none, none, none, none, grp, EINVAL]
  else not hasSetGroupAsid[P] implies refuse[SetGroupAsid, asid, none, none, none, none, grp, EOPNOTSUPP]
  -- Before 2025 the parent checks the group itself: mlx5_set_group_asid() refuses group >=
  -- MLX5_VDPA_NUMVQ_GROUPS, but vdpasim_set_group_asid() only group > ngroups, so group ngroups
  -- passes, binds no vq and succeeds (v6.6, v6.7 drivers/vdpa/vdpa_sim/vdpa_sim.c).
  else grp not in allGroups[K, P] implies {
    step[SetGroupAsid, asid, none, none, none, none, grp, P = Mlx5 implies EINVAL else Ok]
    keepAll
  } else {
    step[SetGroupAsid, asid, none, none, none, none, grp, Ok]
    Dev.g2a' = Dev.g2a ++ grp -> asid
    Dev.status' = Dev.status and Dev.suspended' = Dev.suspended and Dev.ctrlVq' = Dev.ctrlVq
    keepNegotiation and keepLifecycle and keepVhost and keepDevice
  }
}
