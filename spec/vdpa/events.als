module vdpa/events
-- What can happen in a step: one of the events, with any arguments. Kept apart from the initial
-- state (vdpacheck.als) so that log validation (`vdpacheck replay LOG --model`) can start a
-- window of a log from a state of its own.
open vdpa/negotiation
open vdpa/reset
open vdpa/iotlb
open vdpa/lifecycle
open vdpa/batch
open vdpa/suspend
open vdpa/groups
open vdpa/dma

fact events {
  always {
    vhostOpen or vhostRelease or getBackendFeatures or setBackendFeatures or suspend or resume
    or virtioBind or stutter
    or (some s: Status | setStatus[s])
    or (some asid: Asid, range: Range, perm: Perm | update[asid, range, perm])
    or (some asid: Asid, range: Range | invalidate[asid, range])
    or (some asid: Asid | batchBegin[asid] or batchEnd[asid])
    or (some grp: Group, asid: Asid | setGroupAsid[grp, asid])
    or (some asid: Asid, range: Range | dma[asid, range, Yes] or dma[asid, range, none])
  }
}
