package org.vdpacheck.parent;

/** The per-virtqueue state a parent keeps for vhost-vdpa's ring ioctls (split rings only). */
final class Virtqueue {
    int num;
    long descArea;
    long driverArea;
    long deviceArea;
    boolean ready;
    int availIndex;

    /** The part of a parent's vq reset every parent does (vdpasim_vq_reset(), mlx5 teardown). */
    void reset() {
        num = 0;
        descArea = 0;
        driverArea = 0;
        deviceArea = 0;
        ready = false;
        availIndex = 0;
    }
}
