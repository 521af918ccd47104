module vdpa/vring
open vdpa/state

-- The vring ioctls vhost-vdpa answers itself (vhost_vdpa_vring_ioctl()). The vq a trace names
-- is never enabled (the spec has no SET_VRING_ENABLE), so no parent has a running vq object.

-- A vring ioctl's record: the vq, the result, and for GET_VRING_GROUP the group.
pred vringStep[e: Event, vq: Vq, grp: lone Group, result: Result] {
  Step.ev = e and Step.q = vq and Step.g = grp and Step.res = result
  no Step.a and no Step.r and no Step.p and no Step.bits and no Step.st
}

-- VHOST_VDPA_GET_VRING_GROUP: the group the parent's get_vq_group() puts the vq in, or
-- EOPNOTSUPP without the op. No check of status or features; the group is the parent's, not
-- the ASID it is bound to. Nothing changes.
pred getVringGroup[vq: Vq] {
  some Dev.opened
  hasGetVqGroup[P] implies vringStep[GetVringGroup, vq, vqGroup[P, vq], Ok]
    else vringStep[GetVringGroup, vq, none, EOPNOTSUPP]
  keepAll
}

-- VHOST_SET_VRING_ADDR and VHOST_SET_VRING_BASE: vhost_vring_ioctl() takes the value into
-- vhost's copy of the vq, then from v6.8 ("vdpa: Block vq property changes in DRIVER_OK") the
-- request fails while the device runs and is not suspended; otherwise the parent's
-- set_vq_address() or set_vq_state() takes it. Every modelled parent accepts both for a vq that
-- is not running (mlx5_vdpa_set_vq_state() refuses only a vq object in the RDY state). Nothing
-- the spec keeps changes.
pred setVring[e: Event, vq: Vq] {
  some Dev.opened
  vringStep[e, vq, none,
    (BlockVqChanges in K.changes and Dev.status = DriverOk and no Dev.suspended) implies EINVAL else Ok]
  keepAll
}
