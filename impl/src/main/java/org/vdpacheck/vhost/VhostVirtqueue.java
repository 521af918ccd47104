package org.vdpacheck.vhost;

import org.vdpacheck.uapi.VhostBackendFeature;

/**
 * The parts of struct vhost_virtqueue vhost-vdpa uses: the acked (backend) features, which the
 * kernel stores on every vq, and vhost's own copy of the ring setup.
 */
final class VhostVirtqueue {
    long ackedFeatures;
    long ackedBackendFeatures;
    int num;
    long descUserAddr;
    long availUserAddr;
    long usedUserAddr;
    int lastAvailIdx;

    /** vhost_backend_has_feature(). */
    boolean backendHas(VhostBackendFeature f) {
        return f.in(ackedBackendFeatures);
    }
}
