module vdpa/vring
open vdpa/state

-- The vring ioctls vhost-vdpa answers itself (vhost_vdpa_vring_ioctl()). The vq a trace names
-- is never enabled (the spec has no SET_VRING_ENABLE), so no parent has a running vq object.
-- Each first needs the owner: vhost_dev_ioctl()'s vhost_dev_check_owner() is -EPERM without
-- one, before the request is looked at (v6.6 to newest, drivers/vhost/vhost.c). Then each bounds
-- the index by nvqs: an index past it is -ENOBUFS before the request or the parent's ops are
-- looked at (drivers/vhost/vdpa.c).

-- What a vring ioctl that answers a group records: the vq, and the group when it succeeds.
pred answer[e: Event, vq: Vq, grp: lone Group, result: Result] {
  record[e, none, none, none, none, none, grp, vq, none, result]
}

-- VHOST_VDPA_GET_VRING_GROUP: the group the parent's get_vq_group() puts the vq in, or
-- EOPNOTSUPP without the op. No check of status or features; the group is the parent's, not
-- the ASID it is bound to. Nothing changes.
pred getVringGroup[vq: Vq] {
  some Dev.opened
  no Dev.owned implies answer[GetVringGroup, vq, none, EPERM]
  else vq = PastVq implies answer[GetVringGroup, vq, none, ENOBUFS]
  else hasGetVqGroup[P] implies answer[GetVringGroup, vq, vqGroup[P, vq], Ok]
    else answer[GetVringGroup, vq, none, EOPNOTSUPP]
  keepAll
}

-- VHOST_VDPA_GET_VRING_DESC_GROUP (v6.7): the group of the vq's descriptor table, or EOPNOTSUPP
-- without get_vq_desc_group() (vhost_vdpa_has_desc_group() asks for the op alone, not for
-- DESC_ASID acked). Before v6.7 vhost-vdpa knows no such request: past the owner and nvqs checks,
-- vhost_vring_ioctl()'s -ENOIOCTLCMD reaches userspace as -ENOTTY (vfs_ioctl()). Nothing changes.
pred getVringDescGroup[vq: Vq] {
  some Dev.opened
  no Dev.owned implies answer[GetVringDescGroup, vq, none, EPERM]
  else vq = PastVq implies answer[GetVringDescGroup, vq, none, ENOBUFS]
  else DescGroup not in K.changes implies answer[GetVringDescGroup, vq, none, ENOTTY]
  else hasDescGroup[K, P] implies answer[GetVringDescGroup, vq, vqDescGroup[vq], Ok]
  else answer[GetVringDescGroup, vq, none, EOPNOTSUPP]
  keepAll
}

-- VHOST_SET_VRING_ADDR and VHOST_SET_VRING_BASE: vhost_vring_ioctl() takes the value into
-- vhost's copy of the vq, then from v6.8 ("vdpa: Block vq property changes in DRIVER_OK") the
-- request fails while the device runs and is not suspended; otherwise the parent's
-- set_vq_address() or set_vq_state() takes it unless the index is no vq of the parent's
-- (mlx5_vdpa_set_vq_state() also refuses a vq object in the RDY state, which none is here).
-- A value vhost_vring_ioctl() refuses (Step.invalid) is -EINVAL before any of that, in every
-- status, the same in every kernel modelled (drivers/vhost/vhost.c): a used ring not
-- VRING_USED_ALIGN_SIZE (4) aligned (vhost_vring_set_addr()), a base past 0xffff on a split ring,
-- which every trace's is; neither vhost's copy nor the parent takes anything. Nothing the spec
-- keeps changes.
pred setVring[e: Event, vq: Vq] {
  some Dev.opened
  -- The request may carry a refused value or not (Step.invalid is the trace's choice).
  recordWith[e, none, none, none, none, none, none, vq, none,
    no Dev.owned implies EPERM
      else vq = PastVq implies ENOBUFS
      else some Step.invalid implies EINVAL
      else ((BlockVqChanges in K.changes and Dev.status = DriverOk and no Dev.suspended) or not vqValid[vq])
        implies EINVAL else Ok,
    none, Step.invalid]
  keepAll
}

-- mlx5's is_index_valid() without MQ: the data vqs, and the cvq once CTRL_VQ is negotiated
-- (mvdev->actual_features, which SET_FEATURES sets and every reset clears). Other parents
-- take any index below their nvqs.
pred vqValid[vq: Vq] { (P = Mlx5 and vq = Cvq) implies some Dev.ctrlVq }

pred setVringAddr[vq: Vq] { setVring[SetVringAddr, vq] }
pred setVringBase[vq: Vq] { setVring[SetVringBase, vq] }

-- VHOST_GET_VRING_BASE: the parent's get_vq_state() comes first, and its error is the
-- request's (vhost_vdpa_vring_ioctl(), v6.6 to newest): mlx5_vdpa_get_vq_state() refuses an
-- index is_index_valid() refuses with -EINVAL; the other parents' never fail. Then
-- vhost_vring_ioctl() copies out the index and the base, which the spec does not follow.
-- Nothing changes.
pred getVringBase[vq: Vq] {
  some Dev.opened
  record[GetVringBase, none, none, none, none, none, none, vq, none,
    no Dev.owned implies EPERM else vq = PastVq implies ENOBUFS else not vqValid[vq] implies EINVAL else Ok]
  keepAll
}
