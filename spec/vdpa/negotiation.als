module vdpa/negotiation
open vdpa/state

-- VHOST_GET_BACKEND_FEATURES (vhost_vdpa_unlocked_ioctl): MSG_V2, BATCH and ASID always,
-- SUSPEND/RESUME with the op, DESC_ASID with the descriptor group (v6.7), IOTLB_PERSIST where
-- the map persists (v6.7), and the parent's own features ORed in last (v6.6).
fun offered: set Bit { offeredBy[K, P] }
-- The same for any kernel and parent, so that a tool can ask it of a cell it is not solving.
fun offeredBy[k: Kernel, p: Parent]: set Bit {
  IOTLB_MSG_V2 + IOTLB_BATCH + IOTLB_ASID
  + (hasSuspend[p] implies SUSPEND else none)
  + (hasResume[k, p] implies RESUME else none)
  + (hasDescGroup[k, p] implies DESC_ASID else none)
  + ((Persist in k.changes and persistentMap[k, p]) implies IOTLB_PERSIST else none)
  + parentFeatures[k, p]
}

-- The bits VHOST_SET_BACKEND_FEATURES lets through before its per-bit checks.
fun accepted: set Bit {
  IOTLB_MSG_V2 + IOTLB_BATCH + IOTLB_ASID + SUSPEND
  + (VhostResume in K.changes implies RESUME else none)
  + (AcceptEnableAfterDriverOk in K.changes implies ENABLE_AFTER_DRIVER_OK else none)
  + (DescGroup in K.changes implies DESC_ASID else none)
  + (Persist in K.changes implies IOTLB_PERSIST else none)
}

-- VHOST_GET_BACKEND_FEATURES (vhost_vdpa_unlocked_ioctl): no state change.
pred getBackendFeatures {
  some Dev.opened
  step[GetBackendFeatures, none, none, none, offered, none, none, Ok]
  keepAll
}

-- VHOST_SET_BACKEND_FEATURES (vhost_vdpa_unlocked_ioctl, then vhost_set_backend_features()),
-- checks in the kernel's order; no owner or status check, so it
-- may happen at any time and replaces the mask. The request is Step.bits.
pred setBackendFeatures {
  some Dev.opened
  let m = Step.bits |
    (some m - accepted
       or (SUSPEND in m and not hasSuspend[P])
       or (RESUME in m and not hasResume[K, P])) implies
      refuse[SetBackendFeatures, none, none, none, m, none, none, EOPNOTSUPP]
    else (DESC_ASID in m and IOTLB_ASID not in m) implies
      refuse[SetBackendFeatures, none, none, none, m, none, none, EINVAL]
    else ((DESC_ASID in m and not hasDescGroup[K, P])
       or (IOTLB_PERSIST in m and not persistentMap[K, P])) implies
      refuse[SetBackendFeatures, none, none, none, m, none, none, EOPNOTSUPP]
    else {
      step[SetBackendFeatures, none, none, none, m, none, none, Ok]
      Dev.acked' = m
      keepLifecycle and keepStatus and keepVhost and keepDevice
    }
}
