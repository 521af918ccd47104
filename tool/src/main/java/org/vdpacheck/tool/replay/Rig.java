package org.vdpacheck.tool.replay;

import org.vdpacheck.client.VhostVdpaFd;
import org.vdpacheck.client.VirtioVdpa;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.vhost.VhostVdpa;

import static org.vdpacheck.uapi.Errno.EBUSY;

/**
 * The world one scenario runs in: a fresh parent device on the vdpa bus, vhost-vdpa bound to it,
 * and one userspace process with its guest RAM and, once it opened the device, its fd.
 *
 * <p>The process keeps the fd of its last open. After release that fd is closed, and what is
 * called on it returns what impl/ returns for a closed fd (-EBADF, as the VFS does); before the
 * first open there is no fd to call anything on, which makes the scenario unreplayable.
 */
final class Rig {
    private final ParentDevice vdpa;
    private final Mm mm;
    private VhostVdpa vhost;
    private VhostVdpaFd fd;

    Rig(ParentDevice vdpa, Mm mm) {
        this.vdpa = vdpa;
        this.mm = mm;
        this.vhost = VhostVdpa.bind(vdpa);
    }

    ParentDevice vdpa() {
        return vdpa;
    }

    /** The vhost-vdpa driver bound to the device now. */
    VhostVdpa vhost() {
        return vhost;
    }

    /**
     * vhost_vdpa_open() by the process. A second open of the node it already has an fd for goes
     * to the driver as it is (-EBUSY while open); the first open of a node makes the fd.
     */
    long open() {
        if (fd != null && fd.device() == vhost) {
            return vhost.open();
        }
        VhostVdpaFd opened = VhostVdpaFd.open(vhost, mm);
        if (opened == null) {
            // No parent impl/ creates fails vhost_vdpa_open() on a node nobody holds, and
            // VhostVdpaFd.open() does not say which errno it got.
            throw new IllegalStateException("impl/ refused the first open of a fresh /dev/vhost-vdpa node");
        }
        fd = opened;
        return 0;
    }

    /** The process's fd, for an operation that needs one. */
    VhostVdpaFd fd(Position at, String verb) throws ReplayException {
        if (fd == null) {
            throw new ReplayException(at, verb + " before the first open: the process has no fd to call it on");
        }
        return fd;
    }

    /**
     * The in-kernel virtio-vdpa driver takes the device and gives it back: vhost-vdpa is unbound
     * (vhost_vdpa_remove()), virtio_vdpa_probe() runs, virtio_vdpa_remove() resets the device
     * with vdpa_reset(vdpa, 0), and vhost-vdpa is bound again (vhost_vdpa_probe(): a fresh
     * struct vhost_vdpa and a new node, so the old fd stays closed). While the fd is open the
     * driver core cannot bind the device another driver holds: -EBUSY, nothing happens.
     * Returns the probe's result (0, or -EIO where the kernel's DMA does not reach its buffers).
     */
    long virtioBind() {
        if (vhost.isOpen()) {
            return -EBUSY;
        }
        int r = new VirtioVdpa(vdpa).probe();
        vdpa.vdpaReset(0);
        vhost = VhostVdpa.bind(vdpa);
        return r;
    }
}
