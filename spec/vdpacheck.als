module vdpacheck
-- The vhost-vdpa backend features and device-reset / IOTLB state machine. Open this file in
-- the Alloy Analyzer 6.2; the checks below run one kernel x parent x client cell each, and
-- `vdpacheck audit` runs them all.
open vdpa/lifecycle
open vdpa/batch
open vdpa/suspend
open vdpa/groups
open vdpa/vring
open vdpa/driverfeatures
open vdpa/dma
open vdpa/uaccess
open vdpa/invariants

fact init {
  no Dev.opened and no Dev.owned and no Dev.acked and Dev.status = S0 and no Dev.hasAs and no Dev.vh
  no Dev.dev and Dev.ident = initialIdent[K, P] and no Dev.batch and Dev.g2a = Group -> A0
  no Dev.suspended and no Dev.ctrlVq
  -- mlx5 preallocates the 1:1 DMA MR, and dup_iotlb(NULL) makes the cvq iotlb 1:1 (6f5312f80183).
  Dev.gident = (perGroupMaps implies Group else none) and no Dev.gdev
}

-- An event's arguments are the step's own fields rather than quantified values: the same
-- traces, but one copy of each event's formula per state instead of one per argument value.
fact events {
  always {
    vhostOpen or setOwner or vhostRelease or getBackendFeatures or setBackendFeatures or suspend or resume
    or virtioBind or stutter
    or (one Step.st and setStatus[Step.st])
    or (one Step.a and one Step.r and one Step.p and (update[Step.a, Step.r, Step.p]
                                                      or garbledUpdate[Step.a, Step.r, Step.p]))
    or (one Step.a and one Step.r and invalidate[Step.a, Step.r])
    or (one Step.a and (batchBegin[Step.a] or batchEnd[Step.a]))
    or (one Step.g and one Step.a and setGroupAsid[Step.g, Step.a])
    or (one Step.q and (getVringGroup[Step.q] or getVringDescGroup[Step.q] or setVringAddr[Step.q]
                        or setVringBase[Step.q] or getVringBase[Step.q]))
    or setFeatures
    or (one Step.a and one Step.r and (dma[Step.a, Step.r, Yes] or dma[Step.a, Step.r, none]))
    or badAddress[Step.ev] or indexOnly[Step.ev]
  }
}

-- Each assertion over every kernel x parent x client at once; `vdpacheck audit` checks them
-- cell by cell. Scope: 2 IOVA ranges (the least with which overlaps occur), both ASIDs and
-- groups, 7 steps. `expect 0`: holds in every cell; `expect 1`: the counterexample is a finding.
check PersistSurvivesReset for 3 but 2 Range, 7 steps expect 0
check NegotiationSound for 3 but 2 Range, 7 steps expect 1
check OldClientUnchanged for 3 but 2 Range, 7 steps expect 1
check ReleaseRestoresInitial for 3 but 2 Range, 7 steps expect 1
check NoDmaAfterRelease for 3 but 2 Range, 7 steps expect 1
check NoFaultForCorrectPair for 3 but 2 Range, 7 steps expect 1
check PermissionsHold for 3 but 2 Range, 7 steps expect 1
check IotlbAgreement for 3 but 2 Range, 7 steps expect 1
check GroupsSurviveReset for 3 but 2 Range, 7 steps expect 1
check BatchClosedByReset for 3 but 2 Range, 7 steps expect 1
