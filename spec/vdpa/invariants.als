module vdpa/invariants
open vdpa/client
open vdpa/reset

-- Each assertion reads "always (SITUATION implies PROPERTY)", the situation a named predicate
-- of the step: the generator covers every situation with a witness, so none holds vacuously.

-- A reset the device performed: SET_STATUS 0 accepted.
pred resetAccepted { Step.ev = SetStatus and Step.st = S0 and Step.res = Ok }

-- 1. PersistSurvivesReset: with IOTLB_PERSIST acked, a reset (SET_STATUS 0) leaves every
--    ASID's device-side mapping and vhost-side IOTLB as they were. (mlx5 before v6.7 keeps its
--    tables per group, not per ASID: they stay, though the reset binds both groups to ASID 0.)
pred persistReset { resetAccepted and IOTLB_PERSIST in Dev.acked }
pred persistSurvivesReset {
  always (persistReset implies (keepDevice and Dev.vh' = Dev.vh))
}
assert PersistSurvivesReset { persistSurvivesReset }

-- 2. NegotiationSound: SET_BACKEND_FEATURES accepts only bits GET offers; PERSIST only where
--    the map persists, RESUME only with the op, DESC_ASID only with IOTLB_ASID; a refused SET
--    changes nothing.
pred featuresSet { Step.ev = SetBackendFeatures }
pred negotiationSound {
  always (featuresSet implies {
    Step.res = Ok implies {
      Step.bits in offered
      IOTLB_PERSIST in Step.bits implies persistentMap[K, P]
      RESUME in Step.bits implies hasResume[K, P]
      DESC_ASID in Step.bits implies IOTLB_ASID in Step.bits
    }
    Step.res != Ok implies Dev.acked' = Dev.acked
  })
}
assert NegotiationSound { negotiationSound }

-- 3. OldClientUnchanged: a reset without PERSIST acked does to the device-side mapping what
--    the v6.6 code did: on-chip parents back to their 1:1 map, the others untouched.
pred oldClientReset { resetAccepted and IOTLB_PERSIST not in Dev.acked }
pred oldClientUnchanged {
  always (oldClientReset implies
    (P in onChip implies (Dev.ident' = cleanIdent[K, P] and no Dev.dev')
                    else (Dev.ident' = Dev.ident and Dev.dev' = Dev.dev)))
}
assert OldClientUnchanged { oldClientUnchanged }

-- 4. ReleaseRestoresInitial: after release the parent is back at its default map (1:1 on the
--    on-chip parents, for mlx5 before v6.7 its cvq iotlb as well as its data MR; nothing on the
--    others), and virtio-vdpa's own reset leaves it there, so the in-kernel driver can bind again.
pred handedBack { Step.ev in Release + VirtioBind }
pred releaseRestoresInitial {
  always (handedBack implies (Dev.ident' = cleanIdent[K, P] and no Dev.dev'
                              and (perGroupMaps implies Dev.gident' = Group)))
}
assert ReleaseRestoresInitial { releaseRestoresInitial }

-- 5. NoDmaAfterRelease: once the fd has been released (closed now, open before), no device DMA
--    lands in memory of the process that had it.
pred dmaAfterRelease { Step.ev in DmaRead + DmaWrite and no Dev.opened and once some Dev.opened }
pred noDmaAfterRelease {
  always (dmaAfterRelease implies Step.res != DmaUser)
}
assert NoDmaAfterRelease { noDmaAfterRelease }

-- 6. NoFaultForCorrectPair: while the device runs, every RAM range the client believes mapped
--    translates, for writes, through the device-side table (not a fault, not the 1:1 map).
pred running { Dev.status = DriverOk and some Dev.opened }
pred noFaultForCorrectPair {
  always (running implies all x: C.believed | A0 -> x -> RW in Dev.dev)
}
assert NoFaultForCorrectPair { noFaultForCorrectPair }

-- 7. PermissionsHold: outside a batch, a device write to a range userspace mapped read-only
--    (every overlapping entry of the ASID's vhost-side IOTLB is RO) faults, unless the device
--    is on its 1:1 map. (Inside a batch a set_map parent still has the old table: by design.)
--    Refuted on mlx5 before v6.7: SET_GROUP_ASID only rebinds (mlx5_set_group_asid()), so the
--    data vqs moved to another ASID go on writing through the MR built from the old one's table.
pred writeToReadOnly {
  Step.ev = DmaWrite and no Dev.batch and Step.a not in Dev.ident
  some Step.r.overlaps <: Step.a.(Dev.vh) and no (Step.r.overlaps <: Step.a.(Dev.vh)) :> RW
}
pred permissionsHold {
  always (writeToReadOnly implies Step.res = DmaFault)
}
assert PermissionsHold { permissionsHold }

-- 8. IotlbAgreement: outside a batch the device translates each address space through exactly
--    the vhost-side IOTLB, except where it is on the 1:1 map with nothing mapped yet. Inside a
--    batch, DMA sees the table as of the last set_map (the batch's updates are not yet there).
pred openOutsideBatch { some Dev.opened and no Dev.batch }
pred iotlbAgreement {
  always (openOutsideBatch implies all x: Dev.hasAs |
    (x in Dev.ident implies no x.(Dev.vh) else x.(Dev.dev) = x.(Dev.vh)))
}
assert IotlbAgreement { iotlbAgreement }

-- 9. GroupsSurviveReset (beyond the thread): a reset keeps every group's address space. It
--    cannot hold: every parent puts each group back on ASID 0, PERSIST or not.
pred groupsSurviveReset {
  always (resetAccepted implies Dev.g2a' = Dev.g2a)
}
assert GroupsSurviveReset { groupsSurviveReset }

-- 10. BatchClosedByReset (beyond the thread): no batch is left open across a reset. It cannot
--     hold: in_batch is cleared only at open, release and BATCH_END, never by SET_STATUS 0.
pred batchClosedByReset {
  always (resetAccepted implies no Dev.batch')
}
assert BatchClosedByReset { batchClosedByReset }
