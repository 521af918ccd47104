module vdpa/uaccess
open vdpa/vring

-- What the kernel makes of arguments userspace gets wrong (Step.bad): a bad address, a ring
-- struct readable only for its index, a garbled IOTLB message. None changes anything.

-- A request whose argument is a bad address (a NULL pointer): it fails where the kernel first
-- copies the argument, and nothing changes. The same in every kernel modelled (v6.6 to newest,
-- drivers/vhost/vdpa.c and vhost.c):
--  * VHOST_SET_BACKEND_FEATURES copies before anything (vhost_vdpa_unlocked_ioctl(), ahead of
--    d->mutex), VHOST_VDPA_SET_STATUS first of all (vhost_vdpa_set_status()): -EFAULT;
--  * VHOST_GET_BACKEND_FEATURES works out its answer, then copy_to_user() fails: -EFAULT;
--  * VHOST_SET_FEATURES refuses -EBUSY at FEATURES_OK before it copies (vhost_vdpa_set_features());
--  * the ring ioctls fail vhost_dev_ioctl()'s owner check without an owner (-EPERM); past it
--    they get_user() the ring index before anything else (vhost_vdpa_vring_ioctl()):
--    GET_VRING_GROUP, GET_VRING_DESC_GROUP (before v6.7 too, an ioctl the kernel does not know
--    yet), SET_GROUP_ASID, SET_VRING_ADDR/BASE and GET_VRING_BASE are -EFAULT whatever ops the
--    parent has;
--  * an IOTLB message is framed by vhost_chr_write_iter(), for which a short copy of its type is
--    -EINVAL, not -EFAULT. The kernel reads no byte of it, so which message userspace meant makes
--    no difference: the spec writes it as an UPDATE.
fun argEvents: set Event {
  GetBackendFeatures + SetBackendFeatures + SetStatus + SetFeatures + GetVringGroup + GetVringDescGroup + SetGroupAsid
    + SetVringAddr + SetVringBase + GetVringBase + Update
}

-- The ring ioctls: past vhost_dev_ioctl()'s owner check, vhost_vdpa_vring_ioctl() reads their index.
fun ringEvents: set Event {
  GetVringGroup + GetVringDescGroup + SetGroupAsid + SetVringAddr + SetVringBase + GetVringBase
}

pred badAddress[e: Event] {
  some Dev.opened
  e in argEvents
  recordWith[e, none, none, none, none, none, none, none, none,
             e = SetFeatures and Dev.status in FeaturesOk + DriverOk implies EBUSY
               else e = Update implies EINVAL
               else (e in ringEvents and no Dev.owned) implies EPERM
               else EFAULT,
             Null, none]
  keepAll
}

-- A ring request whose struct (vhost_vring_state, vhost_vring_addr) is readable only for its
-- first field, the index: the process's memory ends 4 bytes into it (IndexOnly). Past the owner
-- check, get_user() of the index succeeds and bounds it by nvqs (-ENOBUFS); then each request
-- fails where it first copies the whole struct, in or out, unless it fails before (v6.6 to
-- newest, drivers/vhost/vdpa.c vhost_vdpa_vring_ioctl(), drivers/vhost/vhost.c vhost_vring_ioctl()):
--  * GET_VRING_GROUP: -EOPNOTSUPP without get_vq_group(), else the copy out, -EFAULT;
--  * GET_VRING_DESC_GROUP: -ENOTTY before v6.7, -EOPNOTSUPP without get_vq_desc_group(), else -EFAULT;
--  * SET_GROUP_ASID (whose index is the group), SET_VRING_ADDR, SET_VRING_BASE: the copy in, -EFAULT;
--  * GET_VRING_BASE: the parent's get_vq_state() first (mlx5 refuses an invalid index, -EINVAL),
--    then the copy out, -EFAULT.
-- Nothing the spec keeps changes.
one sig IndexOnly extends Bad {}

pred indexOnly[e: Event] {
  some Dev.opened
  e in ringEvents
  e = SetGroupAsid implies (one Step.g and no Step.q) else (one Step.q and no Step.g)
  recordWith[e, none, none, none, none, none, Step.g, Step.q, none,
             no Dev.owned implies EPERM
               else Step.q = PastVq implies ENOBUFS
               else e = GetVringGroup implies (hasGetVqGroup[P] implies EFAULT else EOPNOTSUPP)
               else e = GetVringDescGroup implies (DescGroup not in K.changes implies ENOTTY
                                                   else hasDescGroup[K, P] implies EFAULT else EOPNOTSUPP)
               else (e = GetVringBase and not vqValid[Step.q]) implies EINVAL
               else EFAULT,
             IndexOnly, none]
  keepAll
}

-- An UPDATE written wrong. vhost_chr_write_iter() (drivers/vhost/vhost.c, v6.6 to newest)
-- refuses a framing it cannot read with -EINVAL before the message handler sees it:
--  * CutInAsid: a VHOST_IOTLB_MSG_V2 that ends inside its asid field (6 bytes): a short copy of
--    the asid once IOTLB_ASID is acked, of the IOTLB message before (the field is skipped);
--  * CutInIotlb: one that ends inside its struct vhost_iotlb_msg (20 bytes);
--  * UnknownMsgType: a type other than VHOST_IOTLB_MSG (1) and VHOST_IOTLB_MSG_V2 (2).
-- Framed well but of an IOTLB type vhost_vdpa_process_iotlb_msg() does not take
-- (UnknownIotlbType: VHOST_IOTLB_MISS, which only the kernel sends), it is -EINVAL in the
-- handler, after the owner check, whether or not the address space exists and without
-- allocating it (only UPDATE and BATCH_BEGIN do), and write(2) reports -EFAULT. Nothing changes.
one sig CutInAsid, CutInIotlb, UnknownMsgType, UnknownIotlbType extends Bad {}

pred garbledUpdate[asid: Asid, range: Range, perm: Perm] {
  some Dev.opened
  some Step.bad - Null
  recordWith[Update, asid, range, perm, none, none, none, none, none,
             Step.bad = UnknownIotlbType implies EFAULT else EINVAL, Step.bad, none]
  keepAll
}
