/**
 * The system under test: the vhost-vdpa driver, the vdpa bus and its parent drivers, as the Linux
 * kernel behaves, version by version. It requires nothing beyond java.base, so nothing but the
 * kernel facts can shape it: a dependency on the tool or on Alloy would be a compile error.
 */
module org.vdpacheck.impl {
    exports org.vdpacheck.client;
    exports org.vdpacheck.datapath;
    exports org.vdpacheck.dma;
    exports org.vdpacheck.iommu;
    exports org.vdpacheck.iotlb;
    exports org.vdpacheck.kernel;
    exports org.vdpacheck.mm;
    exports org.vdpacheck.parent;
    exports org.vdpacheck.uapi;
    exports org.vdpacheck.vdpa;
    exports org.vdpacheck.vhost;
    exports org.vdpacheck.vring;
}
