module vdpa/driverfeatures
open vdpa/state

-- VHOST_SET_FEATURES (vhost_vdpa_set_features()): the virtio driver features, refused with
-- -EBUSY once the parent's status has FEATURES_OK ("not allowed to change the features after
-- they have been negotiated"). Otherwise vdpa_set_features() hands them to the parent's
-- set_driver_features(), and any error of it is -EINVAL: vdpa_sim (vdpasim_set_driver_features()),
-- mlx5 (verify_driver_features()) and ifcvf (ifcvf_verify_min_features(), for a request that is
-- not 0) refuse one without VIRTIO_F_ACCESS_PLATFORM; VDUSE (vduse_vdpa_set_driver_features())
-- takes any. The request here is VIRTIO_F_VERSION_1 plus `f`; of what it sets, only CTRL_VQ
-- changes what a parent does later (mlx5's is_index_valid()). No owner check, no status change.
-- The request is whatever the step records: one event for every request, not one per subset.
pred setFeatures {
  some Dev.opened
  let f = Step.vf |
  Dev.status in FeaturesOk + DriverOk implies refuseFeatures[f, EBUSY]
  else (ACCESS_PLATFORM not in f and P != Vduse) implies refuseFeatures[f, EINVAL]
  else {
    record[SetFeatures, none, none, none, none, none, none, none, f, Ok]
    Dev.ctrlVq' = (CTRL_VQ in f implies Yes else none)
    Dev.status' = Dev.status and Dev.g2a' = Dev.g2a and Dev.suspended' = Dev.suspended
    keepNegotiation and keepLifecycle and keepVhost and keepDevice
  }
}

pred refuseFeatures[f: set VFeature, err: Result] {
  record[SetFeatures, none, none, none, none, none, none, none, f, err]
  keepAll
}
