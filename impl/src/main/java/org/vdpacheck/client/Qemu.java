package org.vdpacheck.client;

import java.util.List;

import org.vdpacheck.mm.Mm;
import org.vdpacheck.mm.Vma;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.vhost.VhostVdpa;

import static org.vdpacheck.uapi.VhostBackendFeature.DESC_ASID;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_ASID;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_BATCH;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_MSG_V2;
import static org.vdpacheck.uapi.VhostBackendFeature.IOTLB_PERSIST;
import static org.vdpacheck.uapi.VhostBackendFeature.SUSPEND;
import static org.vdpacheck.uapi.VirtioStatus.ACKNOWLEDGE;
import static org.vdpacheck.uapi.VirtioStatus.DRIVER;
import static org.vdpacheck.uapi.VirtioStatus.DRIVER_OK;
import static org.vdpacheck.uapi.VirtioStatus.FEATURES_OK;

/**
 * QEMU's vhost-vdpa net backend (hw/virtio/vhost-vdpa.c, net/vhost-vdpa.c), one era at a time,
 * as qemu-clients.md §1 reads it: a virtio-net device with one queue pair and a control vq,
 * no x-svq, no vIOMMU.
 */
public final class Qemu extends UserspaceClient {
    /** The behaviour that changed between QEMU releases. */
    public enum Era {
        /** 5.2–7.2: MSG_V2|BATCH acked at every start; dev_start(false) resets, then unmaps. */
        V5_2_TO_7_2("qemu-5.2..7.2", IOTLB_MSG_V2.mask() | IOTLB_BATCH.mask()),
        /** 8.0–10.0: + IOTLB_ASID, SUSPEND; shadow CVQ in ASID 1; reset_status unmaps after SET_STATUS 0. */
        V8_0_TO_10_0("qemu-8.0..10.0", VhostBackendFeature.maskOf(IOTLB_MSG_V2, IOTLB_BATCH, IOTLB_ASID, SUSPEND)),
        /** 10.1+ ("Move memory listener register to vhost_vdpa_init"): acked once at init, RAM mapped at set_owner. */
        V10_1("qemu-10.1+", VhostBackendFeature.maskOf(IOTLB_MSG_V2, IOTLB_BATCH, IOTLB_ASID, SUSPEND)),
        /** Si-Wei Liu's unmerged series (Dec 2023): + DESC_ASID|IOTLB_PERSIST; RAM kept across reset when acked. */
        SIWEI_PERSIST("qemu-persist", VhostBackendFeature.maskOf(IOTLB_MSG_V2, IOTLB_BATCH, IOTLB_ASID, SUSPEND,
                DESC_ASID, IOTLB_PERSIST));

        private final String id;
        private final long mask;

        Era(String id, long mask) {
            this.id = id;
            this.mask = mask;
        }

        public String id() {
            return id;
        }

        /** The mask vhost_vdpa_set_backend_cap() ANDs with what the kernel offers. */
        public long mask() {
            return mask;
        }
    }

    /** VHOST_VDPA_NET_CVQ_ASID. */
    static final int CVQ_ASID = 1;
    /**
     * The shadow CVQ's command and status buffers: mmap(MAP_SHARED | MAP_ANONYMOUS), a shmem file
     * mapping, so the VA path of use_va parents maps them too.
     */
    static final long CVQ_BUF_UADDR = 0x7f10_0000_0000L;
    static final long CVQ_BUF_IOVA = 0x1_0000_0000L;
    static final long CVQ_BUF_SIZE = 0x2000;

    private final Era era;
    private final boolean hotplug;
    private boolean listenerRegistered;
    private boolean cvqIsolated;
    private int cvqGroup;

    /**
     * @param hotplug the netdev is added to a running VM: guest RAM exists already when the
     *     10.1+ listener registers at set_owner, before the CVQ isolation probe runs
     */
    public Qemu(Era era, VhostVdpa dev, GuestMemory ram, boolean hotplug) {
        super(dev, ram, "qemu-system-x86_64");
        this.era = era;
        this.hotplug = hotplug;
        mm.mmap(new Vma(CVQ_BUF_UADDR, CVQ_BUF_UADDR + CVQ_BUF_SIZE, true, true, true, Mm.PAGE_SIZE));
    }

    @Override
    public String name() {
        return era.id + (hotplug ? " (hot-plug)" : "");
    }

    private boolean batch() {
        return ackedHas(IOTLB_BATCH);
    }

    /**
     * net_init_vhost_vdpa() and vhost_vdpa_init(): open, ACK|DRIVER, SET_OWNER; 10.1+ acks the
     * backend features here and registers the listener (mapping RAM when it already exists);
     * 8.0+ probes CVQ isolation with raw ioctls ending in an untraced SET_STATUS 0.
     */
    @Override
    public void boot() {
        if (!openFd()) {
            return;
        }
        call("GET_FEATURES", fd::getFeatures);
        if (era == Era.V10_1) {
            negotiateBackendFeatures(era.mask);
        }
        addStatus(ACKNOWLEDGE.bit() | DRIVER.bit());
        call("SET_OWNER", fd::setOwner);
        if (era == Era.V10_1 && hotplug) {
            registerListener();
        }
        if (era != Era.V5_2_TO_7_2) {
            probeCvqIsolation();
        }
        if (era == Era.V10_1 && !hotplug) {
            registerListener();
        }
    }

    /** vhost_vdpa_probe_cvq_isolation() (net/vhost-vdpa.c). */
    private void probeCvqIsolation() {
        if (call("GET_BACKEND_FEATURES", fd::getBackendFeatures) != 0 || !IOTLB_ASID.in(fd.value())) {
            return;
        }
        setStatus(ACKNOWLEDGE.bit() | DRIVER.bit());
        ackDeviceFeatures();
        setStatus(ACKNOWLEDGE.bit() | DRIVER.bit() | FEATURES_OK.bit());
        if (call("GET_VRING_GROUP " + CVQ_INDEX, () -> fd.getVringGroup(CVQ_INDEX)) == 0) {
            cvqGroup = (int) fd.value();
            cvqIsolated = true;
            for (int i = 0; i < CVQ_INDEX; i++) {
                int vq = i;
                if (call("GET_VRING_GROUP " + vq, () -> fd.getVringGroup(vq)) != 0 || fd.value() == cvqGroup) {
                    cvqIsolated = false;
                }
            }
        }
        setStatus(0);
        // Upstream leaves the device at 0 here, so the first start writes FEATURES_OK without
        // ACK|DRIVER; Si-Wei Liu's tree writes ACK|DRIVER back (qemu-clients.md §1.4).
        if (era == Era.SIWEI_PERSIST) {
            setStatus(ACKNOWLEDGE.bit() | DRIVER.bit());
        }
    }

    /**
     * vhost_net_start(): features, backend features (≤10.0: at every start), vrings, the shadow
     * CVQ in its own ASID, the listener (RAM mapping) on the last vhost_dev, then DRIVER_OK and
     * the rings enabled by the CVQ's .load.
     */
    @Override
    public void start() {
        ackDeviceFeatures();
        addStatus(FEATURES_OK.bit());
        if (era != Era.V10_1) {
            negotiateBackendFeatures(era.mask);
        }
        setupVrings();
        if (cvqIsolated && ackedHas(IOTLB_ASID)) {
            call("SET_GROUP_ASID " + cvqGroup + " " + CVQ_ASID, () -> fd.setGroupAsid(cvqGroup, CVQ_ASID));
            if (iotlbWrite("UPDATE 1 cvq buffers", () -> fd.iotlbUpdate(CVQ_ASID, CVQ_BUF_IOVA, CVQ_BUF_SIZE,
                    CVQ_BUF_UADDR, VhostAccess.RW))) {
                believe(cvqBuffers());
            }
        }
        if (!listenerRegistered) {
            registerListener();
        }
        addStatus(DRIVER_OK.bit());
        enableVrings(true);
    }

    /**
     * vhost_net_stop(): SUSPEND if acked (else a reset), shadow CVQ buffers unmapped, then
     * reset_status. Before 8.0 dev_start(false) reset, re-acked ACK|DRIVER and unmapped all RAM;
     * 8.0–10.0 do the same from reset_status; 10.1 unmaps inside reset_device before ACK|DRIVER;
     * the PERSIST series keeps RAM mapped when IOTLB_PERSIST was acked.
     */
    @Override
    public void guestReset() {
        if (era != Era.V5_2_TO_7_2) {
            if (ackedHas(SUSPEND)) {
                call("SUSPEND", fd::suspend);
            } else {
                setStatus(0);
            }
            if (believed().contains(cvqBuffers())) {
                iotlbWrite("INVALIDATE 1 cvq buffers", () -> fd.iotlbInvalidate(CVQ_ASID, CVQ_BUF_IOVA, CVQ_BUF_SIZE));
                forget(cvqBuffers());
            }
            for (int i = 0; i < NVQS; i++) {
                int vq = i;
                if (ackedHas(SUSPEND)) {
                    call("GET_VRING_BASE " + vq, () -> fd.getVringBase(vq));
                }
            }
        }
        setStatus(0);
        if (era == Era.V10_1) {
            unregisterListener();
            addStatus(ACKNOWLEDGE.bit() | DRIVER.bit());
            return;
        }
        addStatus(ACKNOWLEDGE.bit() | DRIVER.bit());
        if (era != Era.SIWEI_PERSIST || !ackedHas(IOTLB_PERSIST)) {
            unregisterListener();
        }
    }

    private Mapping cvqBuffers() {
        return new Mapping(CVQ_ASID, CVQ_BUF_IOVA, CVQ_BUF_SIZE, CVQ_BUF_UADDR, VhostAccess.RW);
    }

    /**
     * A DIMM unplugged from the running guest (device_del): vhost_vdpa_listener_region_del()
     * unmaps its section in a memory transaction of its own, batched when acked
     * (vhost_vdpa_iotlb_batch_begin_once(), then vhost_vdpa_listener_commit()).
     */
    public void unplug(GuestMemory.Section dimm) {
        if (listenerRegistered) {
            unmapRam(List.of(dimm), batch());
        }
    }

    /** A DIMM plugged into the running guest (device_add): vhost_vdpa_listener_region_add(). */
    public void plug(GuestMemory.Section dimm) {
        if (listenerRegistered) {
            mapRam(List.of(dimm), batch());
        }
    }

    private void registerListener() {
        mapRam(ram.sections(), batch());
        listenerRegistered = true;
    }

    private void unregisterListener() {
        unmapRam(ram.sections(), batch());
        listenerRegistered = false;
    }

    /** vhost_vdpa_add_status(): GET_STATUS; nothing written if every bit is already set. */
    private void addStatus(int bits) {
        call("GET_STATUS", fd::getStatus);
        int s = (int) fd.value();
        if ((s & bits) == bits) {
            return;
        }
        setStatus(s | bits);
    }
}
