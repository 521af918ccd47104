module vdpa/suspend
open vdpa/state

-- VHOST_VDPA_SUSPEND / RESUME (vhost_vdpa_suspend(), vhost_vdpa_resume()): no check that the bits were acked, none of status before v6.9,
-- which returns 0 before DRIVER_OK without calling the parent (c4e8b5aed7cd). v6.8 remembers
-- success in v->suspended. Maps are never touched.
pred suspendOrResume[e: Event, hasOp: lone Yes] {
  some Dev.opened
  (SkipSuspendBeforeDriverOk in K.changes and Dev.status != DriverOk) implies
    refuse[e, none, none, none, none, none, none, Ok]
  else no hasOp implies refuse[e, none, none, none, none, none, none, EOPNOTSUPP]
  else {
    step[e, none, none, none, none, none, none, Ok]
    (TrackSuspended in K.changes) implies (e = Suspend implies Dev.suspended' = Yes else no Dev.suspended')
      else Dev.suspended' = Dev.suspended
    Dev.status' = Dev.status and Dev.g2a' = Dev.g2a and Dev.ctrlVq' = Dev.ctrlVq
    keepNegotiation and keepLifecycle and keepVhost and keepDevice
  }
}

pred suspend { suspendOrResume[Suspend, hasSuspend[P] implies Yes else none] }
-- Before VHOST_VDPA_RESUME existed (6.1) its number falls through vhost_dev_ioctl() to
-- vhost_vdpa_vring_ioctl(), whose get_user() of the index from the NULL argument fails.
pred resume {
  VhostResume in K.changes implies suspendOrResume[Resume, hasResume[K, P] implies Yes else none]
  else (some Dev.opened and refuse[Resume, none, none, none, none, none, none, EFAULT])
}
