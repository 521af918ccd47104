package org.vdpacheck.parent;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.vdpacheck.iommu.DmaDevice;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.vdpa.VdpaDevice;
import org.vdpacheck.vdpa.VdpaOp;

/**
 * What every parent keeps of the virtio device itself: status, features, virtqueues, and the
 * group to address-space binding. Mapping behaviour, where the parents differ, is theirs.
 *
 * <p>An optional op a parent does not list in {@link #optionalOps()} is never called by the bus;
 * its body here only reports the bus bug that calling it would be.
 */
public abstract class ParentDevice extends VdpaDevice {
    /** VIRTIO_ID_NET. */
    static final int VIRTIO_ID_NET = 1;
    static final int VQ_NUM_MAX = 256;

    private final Set<VdpaOp> ops;
    private final long deviceFeatures;
    private final Virtqueue[] vqs;
    /** group → asid. */
    protected final int[] groupAsid;
    protected int status;
    private long driverFeatures;

    protected ParentDevice(String name, KernelProfile profile, int nvqs, int ngroups, int nas, boolean useVa,
            DmaDevice dmaDev, Set<VdpaOp> ops, long deviceFeatures) {
        super(name, profile, nvqs, ngroups, nas, useVa, dmaDev);
        this.ops = ops.isEmpty() ? EnumSet.noneOf(VdpaOp.class) : EnumSet.copyOf(ops);
        this.deviceFeatures = deviceFeatures;
        this.vqs = new Virtqueue[nvqs];
        for (int i = 0; i < nvqs; i++) {
            vqs[i] = new Virtqueue();
        }
        this.groupAsid = new int[ngroups];
    }

    @Override
    public final Set<VdpaOp> optionalOps() {
        return ops;
    }

    /** The virtio part of every parent's reset: vqs, driver features, status, group → ASID 0. */
    protected final void resetVirtio() {
        for (Virtqueue vq : vqs) {
            vq.reset();
        }
        driverFeatures = 0;
        status = 0;
        Arrays.fill(groupAsid, 0);
    }

    @Override
    public int groupAsid(int group) {
        return groupAsid[group];
    }

    /**
     * A virtqueue as the driver's set_vq_num/set_vq_address/set_vq_ready left it: what
     * vdpasim_queue_ready() hands vringh_init_iotlb() (drivers/vdpa/vdpa_sim/vdpa_sim.c, v6.7).
     * desc, driver (avail) and device (used) are IOVAs in the vq group's address space.
     */
    public record VqSetup(int num, long desc, long driver, long device, boolean ready) {
    }

    public VqSetup vqSetup(int idx) {
        Virtqueue vq = vqs[idx];
        return new VqSetup(vq.num, vq.descArea, vq.driverArea, vq.deviceArea, vq.ready);
    }

    @Override
    public int setVqAddress(int idx, long descArea, long driverArea, long deviceArea) {
        Virtqueue vq = vqs[idx];
        vq.descArea = descArea;
        vq.driverArea = driverArea;
        vq.deviceArea = deviceArea;
        return 0;
    }

    @Override
    public void setVqNum(int idx, int num) {
        vqs[idx].num = num;
    }

    @Override
    public void setVqReady(int idx, boolean ready) {
        vqs[idx].ready = ready;
    }

    @Override
    public boolean getVqReady(int idx) {
        return vqs[idx].ready;
    }

    @Override
    public int setVqState(int idx, int availIndex) {
        vqs[idx].availIndex = availIndex;
        return 0;
    }

    @Override
    public int getVqState(int idx) {
        return vqs[idx].availIndex;
    }

    /**
     * vdpasim_get_vq_num_max() (VDPASIM_QUEUE_MAX), mlx5_vdpa_get_vq_num_max()
     * (MLX5_VDPA_MAX_VQ_ENTRIES), and VDUSE's, the vq size its daemon set up, 256 here too.
     */
    @Override
    public int getVqNumMax() {
        return VQ_NUM_MAX;
    }

    /** Every parent here is a net device: vdpasim_net, mlx5_vdpa, ifcvf's N3000 VF, VDUSE's. */
    @Override
    public int getDeviceId() {
        return VIRTIO_ID_NET;
    }

    @Override
    public long getDeviceFeatures() {
        return deviceFeatures;
    }

    @Override
    public int setDriverFeatures(long features) {
        driverFeatures = features & deviceFeatures;
        return 0;
    }

    @Override
    public long getDriverFeatures() {
        return driverFeatures;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setStatus(int status) {
        this.status = status;
    }

    @Override
    public long[] getIovaRange() {
        throw notProvided(VdpaOp.GET_IOVA_RANGE);
    }

    @Override
    public int getVqGroup(int idx) {
        throw notProvided(VdpaOp.GET_VQ_GROUP);
    }

    @Override
    public int getVqDescGroup(int idx) {
        throw notProvided(VdpaOp.GET_VQ_DESC_GROUP);
    }

    @Override
    public int compatReset(int flags) {
        throw notProvided(VdpaOp.COMPAT_RESET);
    }

    @Override
    public int suspend() {
        throw notProvided(VdpaOp.SUSPEND);
    }

    @Override
    public int resume() {
        throw notProvided(VdpaOp.RESUME);
    }

    @Override
    public long getBackendFeatures() {
        throw notProvided(VdpaOp.GET_BACKEND_FEATURES);
    }

    @Override
    public int setGroupAsid(int group, int asid) {
        throw notProvided(VdpaOp.SET_GROUP_ASID);
    }

    @Override
    public int setMap(int asid, VhostIotlb iotlb) {
        throw notProvided(VdpaOp.SET_MAP);
    }

    @Override
    public int dmaMap(int asid, long iova, long size, long pa, int perm, Object opaque) {
        throw notProvided(VdpaOp.DMA_MAP);
    }

    @Override
    public int dmaUnmap(int asid, long iova, long size) {
        throw notProvided(VdpaOp.DMA_MAP);
    }

    @Override
    public int resetMap(int asid) {
        throw notProvided(VdpaOp.RESET_MAP);
    }

    @Override
    public int bindMm(Mm mm) {
        throw notProvided(VdpaOp.BIND_MM);
    }

    @Override
    public void unbindMm() {
        throw notProvided(VdpaOp.BIND_MM);
    }

    private IllegalStateException notProvided(VdpaOp op) {
        return new IllegalStateException("bus called ops->" + op.name().toLowerCase() + " on " + name()
                + ", which does not provide it");
    }
}
