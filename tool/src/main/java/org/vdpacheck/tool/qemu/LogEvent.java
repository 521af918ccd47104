package org.vdpacheck.tool.qemu;

/**
 * One line of a QEMU log that replay uses: a vhost_vdpa_* trace event (hw/virtio/trace-events,
 * net/trace-events) or the error_report() of a failed IOTLB write. Fields the version of QEMU
 * did not trace are absent: ASIDs before 8.0 are 0 (vhost_vdpa_dma_map() had no asid then).
 */
sealed interface LogEvent {
    int line();

    /** vhost_vdpa_dma_map(): traced before the write(2) of a VHOST_IOTLB_UPDATE. */
    record DmaMap(int line, long asid, long iova, long size, long uaddr, long perm) implements LogEvent {
    }

    /** vhost_vdpa_dma_unmap(): traced before the write(2) of a VHOST_IOTLB_INVALIDATE. */
    record DmaUnmap(int line, long asid, long iova, long size) implements LogEvent {
    }

    /** vhost_vdpa_listener_begin_batch() / iotlb_begin_batch: VHOST_IOTLB_BATCH_BEGIN, asid 0. */
    record BatchBegin(int line) implements LogEvent {
    }

    /** vhost_vdpa_listener_commit() / iotlb_end_batch: VHOST_IOTLB_BATCH_END, asid 0. */
    record BatchEnd(int line) implements LogEvent {
    }

    /** vhost_vdpa_add_status(): the bits added, not the resulting status. */
    record AddStatus(int line, int bits) implements LogEvent {
    }

    /** vhost_vdpa_reset_device(): traced after VHOST_VDPA_SET_STATUS 0. */
    record ResetDevice(int line) implements LogEvent {
    }

    /** vhost_vdpa_suspend(): VHOST_VDPA_SUSPEND (only when SUSPEND was acked). */
    record Suspend(int line) implements LogEvent {
    }

    /**
     * vhost_vdpa_set_vring_ready() / set_vring_enable_one(): VHOST_VDPA_SET_VRING_ENABLE and its
     * return value; {@code index} is -1 where 5.2-7.2 traced only the device.
     */
    record VringEnable(int line, long index, boolean enable, long ret) implements LogEvent {
    }

    /** vhost_vdpa_set_address_space_id() (net/, 9.0+): traced before VHOST_VDPA_SET_GROUP_ASID. */
    record SetGroupAsid(int line, long group, long asid) implements LogEvent {
    }

    /** vhost_vdpa_init(): one per vhost_dev (each data queue pair, then the CVQ). */
    record Init(int line) implements LogEvent {
    }

    /** vhost_vdpa_set_owner(): VHOST_SET_OWNER, first vhost_dev only. */
    record SetOwner(int line) implements LogEvent {
    }

    /** vhost_vdpa_set_features(): VHOST_SET_FEATURES, the start of a device start. */
    record SetFeatures(int line) implements LogEvent {
    }

    /** vhost_vdpa_flush_map() / maybe_flush_map(): Si-Wei Liu's PERSIST series only. */
    record FlushMap(int line, boolean persistent) implements LogEvent {
    }

    /** "failed to write, fd=%d, errno=%d (%s)": the preceding IOTLB write failed. */
    record WriteFailed(int line, int errno) implements LogEvent {
    }
}
