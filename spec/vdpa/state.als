module vdpa/state
open vdpa/features
open vdpa/kernel
open vdpa/parent

-- One vhost-vdpa device under one kernel, bound to one parent. Each audit cell fixes them.
one sig Cfg { kernel: one Kernel, parent: one Parent }
fun K: Kernel { Cfg.kernel }
fun P: Parent { Cfg.parent }

-- IOVA ranges are atoms; `overlaps` says which share an address (reflexive, symmetric). A
-- `Whole` range is the message iova 0, size 0, which vhost_vdpa_iotlb_unmap() reads as
-- [0, U64_MAX] (iova + size - 1 wraps): it overlaps every range.
sig Range { overlaps: set Range }
sig Whole in Range {}
fact rangesOverlapAsIntervals {
  overlaps = ~overlaps and (Range <: iden) in overlaps and Whole -> Range in overlaps
}

-- Ranges whose user address runs past the end of the writing process's memory: the first page
-- is guest RAM, the rest is mapped by nothing (no VMA). Only an UPDATE reads the user address.
sig Unbacked in Range {}

-- Ranges past v->range, the IOVA window vhost_vdpa_set_iova_range() fixes at open: on a platform
-- parent (apertureRange) above the aperture, above every range inside it; on the others, whose
-- window is the whole 64-bit space, ranges whose end wraps past 2^64, which
-- vhost_vdpa_process_iotlb_update()'s overflow check (iova > U64_MAX - size + 1) refuses the
-- same way. Only an UPDATE checks the window.
sig Beyond in Range {}
fact beyondTheWindow {
  no Beyond & (Whole + Unbacked)
  Beyond <: overlaps in Beyond -> (Beyond + Whole)
}

-- The writing process's RLIMIT_MEMLOCK, which vhost_vdpa_pa_map() checks the pages it would pin
-- against, with the pinned_vm of the owner's mm (less what unmaps unpinned): one process here. Without this atom the limit holds
-- every mapping, as QEMU asks of its users; with it, the pages of one range and no more.
lone sig TightMemlock {}

-- A process that opens the device without making VHOST_SET_OWNER after (it may make it later):
-- without this atom every open is followed by it, as every program modelled does.
lone sig SkipsSetOwner {}

-- The virtio feature bits a SET_FEATURES request may carry besides VIRTIO_F_VERSION_1: the one
-- most parents insist on, and the one that gives a net device its control vq.
abstract sig VFeature {}
one sig ACCESS_PLATFORM, CTRL_VQ extends VFeature {}

abstract sig Perm {}
one sig RO, RW extends Perm {}

-- Virtio status, as the levels a driver walks through; a reset goes back to S0.
abstract sig Status { below: set Status }
one sig S0, AckDriver, FeaturesOk, DriverOk extends Status {}
fact statusOrder {
  no S0.below
  AckDriver.below = S0
  FeaturesOk.below = S0 + AckDriver
  DriverOk.below = S0 + AckDriver + FeaturesOk
}

one sig Yes {}

-- What is wrong with a request's argument (uaccess.als): a bad address (NULL) for any request
-- that copies one, or for an IOTLB message a framing vhost_chr_write_iter() refuses or a type
-- the message handler does not take.
abstract sig Bad {}
one sig Null extends Bad {}

one sig Dev {
  var opened: lone Yes,            -- the char device is open (vhost_vdpa_open .. release)
  var owned: lone Yes,             -- v->vdev.mm: SET_OWNER made (vhost_dev_set_owner .. release)
  var acked: set Bit,              -- vqs[i]->acked_backend_features (zeroed at open)
  var status: one Status,          -- what the parent reports to VHOST_VDPA_GET_STATUS
  var hasAs: set Asid,             -- v->as[]: allocated by UPDATE and BATCH_BEGIN, freed at release
  var vh: Asid -> Range -> Perm,   -- the vhost-side IOTLB: what userspace asked for
  var dev: Asid -> Range -> Perm,  -- the device-side table DMA translates through
  var ident: set Asid,             -- ASIDs on the parent's 1:1 map instead of a table
  var batch: lone Asid,            -- in_batch with batch_asid
  var g2a: Group -> one Asid,      -- group -> address space binding
  var suspended: lone Yes,         -- v->suspended (6.8+)
  var gident: set Group,           -- perGroupMaps: groups whose table is the 1:1 map
  var gdev: Group -> Range -> Perm, -- perGroupMaps: each group's table otherwise
  var ctrlVq: lone Yes             -- VIRTIO_NET_F_CTRL_VQ in the driver features (SET_FEATURES; a reset clears them)
}

-- mlx5 before its per-ASID MRs (v6.6, rfc): the data vqs translate through one MR and the cvq
-- through a software iotlb, each wherever its group is bound (mlx5_vdpa_handle_set_map(),
-- mlx5_set_group_asid() only moving the binding). An ASID is seen through the data MR if the
-- data group (G0) is bound to it, else through the cvq iotlb if the cvq group (G1) is, else
-- through nothing.
pred perGroupMaps { P = Mlx5 and DescGroup not in K.changes }
fun viewer[a: Asid]: lone Group { G0.(Dev.g2a) = a implies G0 else (G1.(Dev.g2a) = a implies G1 else none) }
fact groupTablesAreTheView {
  always (perGroupMaps implies all a: Asid |
    (a in Dev.ident iff some viewer[a] & Dev.gident) and a.(Dev.dev) = viewer[a].(Dev.gdev))
  always (not perGroupMaps implies no Dev.gident and no Dev.gdev)
}

-- The event taken from each state, with its arguments and what userspace saw: the trace.
abstract sig Event {}
one sig Open, SetOwner, Release, GetBackendFeatures, SetBackendFeatures, Update, Invalidate,
        BatchBegin, BatchEnd, SetStatus, Suspend, Resume, SetGroupAsid,
        GetVringGroup, GetVringDescGroup, SetVringAddr, SetVringBase, GetVringBase, SetFeatures, DmaRead, DmaWrite, VirtioBind, Stutter extends Event {}

abstract sig Result {}
one sig Ok, EPERM, EINVAL, EFAULT, EOPNOTSUPP, EIO, EBUSY, ENOBUFS, ENOTTY, DmaUser, DmaIdentity, DmaFault extends Result {}

one sig Step {
  var ev: one Event,
  var a: lone Asid,
  var r: lone Range,
  var p: lone Perm,
  var bits: set Bit,      -- SET_BACKEND_FEATURES' request, GET's answer
  var st: lone Status,
  var g: lone Group,
  var q: lone Vq,         -- the virtqueue a vring ioctl names
  var vf: set VFeature,   -- SET_FEATURES' request, beside VIRTIO_F_VERSION_1
  var res: lone Result,
  var bad: lone Bad,      -- what is wrong with the argument (uaccess.als)
  var invalid: lone Yes   -- a ring value vhost refuses (vring.als)
}

-- What an event leaves alone, by concern.
pred keepNegotiation { Dev.acked' = Dev.acked }
pred keepLifecycle { Dev.opened' = Dev.opened and Dev.owned' = Dev.owned }
pred keepStatus {
  Dev.status' = Dev.status and Dev.g2a' = Dev.g2a and Dev.suspended' = Dev.suspended and Dev.ctrlVq' = Dev.ctrlVq
}
pred keepVhost { Dev.hasAs' = Dev.hasAs and Dev.vh' = Dev.vh and Dev.batch' = Dev.batch }
-- The parent's tables stay; with perGroupMaps what each ASID sees still follows the groups.
pred keepDevice {
  perGroupMaps implies (Dev.gident' = Dev.gident and Dev.gdev' = Dev.gdev)
    else (Dev.dev' = Dev.dev and Dev.ident' = Dev.ident)
}
pred keepAll { keepNegotiation and keepLifecycle and keepStatus and keepVhost and keepDevice }

-- The step's record: unused arguments are empty, so traces print only what an event takes;
-- badArg and badValue, what was wrong with the argument (uaccess.als) and whether it was a ring
-- value vhost refuses (vring.als).
pred recordWith[e: Event, asid: lone Asid, range: lone Range, perm: lone Perm, b: set Bit,
                s: lone Status, grp: lone Group, vq: lone Vq, f: set VFeature, result: lone Result,
                badArg: lone Bad, badValue: lone Yes] {
  Step.ev = e and Step.a = asid and Step.r = range and Step.p = perm and Step.bits = b
  Step.st = s and Step.g = grp and Step.q = vq and Step.vf = f and Step.res = result
  Step.bad = badArg and Step.invalid = badValue
}
-- A request made with well-formed arguments.
pred record[e: Event, asid: lone Asid, range: lone Range, perm: lone Perm, b: set Bit,
            s: lone Status, grp: lone Group, vq: lone Vq, f: set VFeature, result: lone Result] {
  recordWith[e, asid, range, perm, b, s, grp, vq, f, result, none, none]
}
-- Only the vring ioctls name a vq, only SET_FEATURES virtio features.
pred step[e: Event, asid: lone Asid, range: lone Range, perm: lone Perm, b: set Bit,
          s: lone Status, grp: lone Group, result: lone Result] {
  record[e, asid, range, perm, b, s, grp, none, none, result]
}

-- A refused request: the errno, and nothing changes.
pred refuse[e: Event, asid: lone Asid, range: lone Range, perm: lone Perm, b: set Bit,
            s: lone Status, grp: lone Group, err: Result] {
  step[e, asid, range, perm, b, s, grp, err]
  keepAll
}

-- The entries of an ASID's vhost-side IOTLB that overlap a range.
fun overlapping[asid: Asid, range: Range]: Range -> Perm {
  range.overlaps <: asid.(Dev.vh)
}
