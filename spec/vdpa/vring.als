module vdpa/vring
open vdpa/state

-- The vring ioctls vhost-vdpa answers itself (vhost_vdpa_vring_ioctl()). The vq a trace names
-- is never enabled (the spec has no SET_VRING_ENABLE), so no parent has a running vq object.

-- VHOST_VDPA_GET_VRING_GROUP: the group the parent's get_vq_group() puts the vq in, or
-- EOPNOTSUPP without the op. No check of status or features; the group is the parent's, not
-- the ASID it is bound to. Nothing changes.
pred getVringGroup[vq: Vq] {
  some Dev.opened
  hasGetVqGroup[P] implies record[GetVringGroup, none, none, none, none, none, vqGroup[P, vq], vq, none, Ok]
    else record[GetVringGroup, none, none, none, none, none, none, vq, none, EOPNOTSUPP]
  keepAll
}

-- VHOST_SET_VRING_ADDR and VHOST_SET_VRING_BASE: vhost_vring_ioctl() takes the value into
-- vhost's copy of the vq, then from v6.8 ("vdpa: Block vq property changes in DRIVER_OK") the
-- request fails while the device runs and is not suspended; otherwise the parent's
-- set_vq_address() or set_vq_state() takes it unless the index is no vq of the parent's
-- (mlx5_vdpa_set_vq_state() also refuses a vq object in the RDY state, which none is here).
-- Nothing the spec keeps changes.
pred setVring[e: Event, vq: Vq] {
  some Dev.opened
  record[e, none, none, none, none, none, none, vq, none,
    ((BlockVqChanges in K.changes and Dev.status = DriverOk and no Dev.suspended) or not vqValid[vq])
      implies EINVAL else Ok]
  keepAll
}

-- mlx5's is_index_valid() without MQ: the data vqs, and the cvq once CTRL_VQ is negotiated
-- (mvdev->actual_features, which SET_FEATURES sets and every reset clears). Other parents
-- take any index below their nvqs.
pred vqValid[vq: Vq] { (P = Mlx5 and vq = Cvq) implies some Dev.ctrlVq }

pred setVringAddr[vq: Vq] { setVring[SetVringAddr, vq] }
pred setVringBase[vq: Vq] { setVring[SetVringBase, vq] }
