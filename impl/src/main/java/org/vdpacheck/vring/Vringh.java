package org.vdpacheck.vring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.vdpacheck.datapath.DeviceIotlb;
import org.vdpacheck.datapath.Iov;
import org.vdpacheck.dma.Access;

import static org.vdpacheck.uapi.Errno.EFAULT;
import static org.vdpacheck.uapi.Errno.EINVAL;
import static org.vdpacheck.uapi.Errno.ELOOP;
import static org.vdpacheck.uapi.Errno.ENOBUFS;
import static org.vdpacheck.uapi.Errno.EPROTO;

/**
 * The device side of a split virtqueue, as vdpa_sim drives it with vringh's iotlb flavour
 * (drivers/vhost/vringh.c: vringh_getdesc_iotlb(), vringh_iov_pull_iotlb(),
 * vringh_iov_push_iotlb(), vringh_complete_iotlb()). Every access to the rings and to the
 * buffers is a DMA through the datapath: the rings through the descriptor group's cache, the
 * buffers through the virtqueue group's, so a mapping that went away fails the access with the
 * translation's -errno, or -EFAULT when it lands outside the client's RAM.
 *
 * <p>Indirect descriptors are refused (-EINVAL) where vringh would follow them: the modelled
 * parents do not offer VIRTIO_F_RING_INDIRECT_DESC, so no driver sends one. Event suppression
 * and notifications are not modelled.
 */
public final class Vringh {
    /**
     * A descriptor chain as IOVA ranges, readable ones first: vringh's riov and wiov, and the
     * head. A chain is made for the iovs its caller passes vringh_getdesc_iotlb(): a direction
     * it passes no iov for is refused.
     */
    public static final class Chain {
        private final long[] iova;
        private final int[] len;
        private final boolean[] writable;
        private final boolean riov;
        private final boolean wiov;
        private int count;
        private int head;

        Chain(int num, boolean riov, boolean wiov) {
            iova = new long[num];
            len = new int[num];
            writable = new boolean[num];
            this.riov = riov;
            this.wiov = wiov;
        }

        public int head() {
            return head;
        }

        public int count() {
            return count;
        }
    }

    private final SplitRing ring;
    private final DeviceIotlb rings;
    private final DeviceIotlb buffers;
    private final Ram ram;
    private final Iov iov = new Iov(Iov.IOTLB_IOV_STRIDE);
    private final byte[] scratch = new byte[SplitRing.DESC_SIZE];
    private final ByteBuffer le = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
    private int lastAvailIdx;
    private int usedIdx;

    public Vringh(SplitRing ring, DeviceIotlb rings, DeviceIotlb buffers, Ram ram) {
        this.ring = ring;
        this.rings = rings;
        this.buffers = buffers;
        this.ram = ram;
    }

    /** A chain for a caller that passes a riov, a wiov, or both. */
    public Chain newChain(boolean riov, boolean wiov) {
        return new Chain(ring.num(), riov, wiov);
    }

    /**
     * vringh_getdesc_iotlb(): 1 with the next available chain in {@code c}, 0 when the driver made
     * none available, or -errno. As __vringh_get_head() does, the avail index moves on as soon as
     * a head in range is read: a chain that then fails in __vringh_iov() is consumed all the same,
     * and never used.
     */
    public int getdesc(Chain c) {
        int r = dma(rings, ring.availIdx(), scratch, 0, 2, Access.READ);
        if (r < 0) {
            return r;
        }
        if (le.getShort(0) == (short) lastAvailIdx) {
            return 0;
        }
        r = dma(rings, ring.availRing(lastAvailIdx & (ring.num() - 1)), scratch, 0, 2, Access.READ);
        if (r < 0) {
            return r;
        }
        int i = le.getShort(0) & 0xffff;
        // "Guest says index %u > %u is available": the one refusal that leaves the index alone.
        if (i >= ring.num()) {
            return -EINVAL;
        }
        lastAvailIdx = (lastAvailIdx + 1) & 0xffff;
        c.head = i;
        c.count = 0;
        return iov(c, i);
    }

    /** __vringh_iov(): the chain from descriptor {@code i} into {@code c}, 1 or -errno. */
    private int iov(Chain c, int i) {
        while (true) {
            int r = dma(rings, ring.descAddr(i), scratch, 0, SplitRing.DESC_SIZE, Access.READ);
            if (r < 0) {
                return r;
            }
            int flags = le.getShort(12);
            if ((flags & SplitRing.VRING_DESC_F_INDIRECT) != 0) {
                return -EINVAL;
            }
            // "Descriptor loop": one descriptor more than the ring has, read before it is refused.
            if (c.count == ring.num()) {
                return -ELOOP;
            }
            boolean writable = (flags & SplitRing.VRING_DESC_F_WRITE) != 0;
            // "Readable desc after writable" comes before "Unexpected readable desc": an rx chain
            // of writable then readable is -EINVAL, a readable one alone -EPROTO.
            if (!writable && c.count > 0 && c.writable[c.count - 1]) {
                return -EINVAL;
            }
            if (writable ? !c.wiov : !c.riov) {
                return -EPROTO;
            }
            c.iova[c.count] = le.getLong(0);
            c.len[c.count] = le.getInt(8);
            c.writable[c.count] = writable;
            c.count++;
            if ((flags & SplitRing.VRING_DESC_F_NEXT) == 0) {
                return 1;
            }
            i = le.getShort(14) & 0xffff;
            if (i >= ring.num()) {
                return -EINVAL;
            }
        }
    }

    /** vringh_iov_pull_iotlb(): up to {@code max} bytes of the chain's readable buffers, or -errno. */
    public long pull(Chain c, byte[] dst, int max) {
        return xfer(c, false, dst, max, Access.READ);
    }

    /** vringh_iov_push_iotlb(): {@code len} bytes into the chain's writable buffers, as many as fit, or -errno. */
    public long push(Chain c, byte[] src, int len) {
        return xfer(c, true, src, len, Access.WRITE);
    }

    private long xfer(Chain c, boolean writable, byte[] buf, int len, Access access) {
        int done = 0;
        for (int d = 0; d < c.count && done < len; d++) {
            if (c.writable[d] != writable) {
                continue;
            }
            int n = (int) Math.min(Integer.toUnsignedLong(c.len[d]), len - done);
            int r = dma(buffers, c.iova[d], buf, done, n, access);
            if (r < 0) {
                return r;
            }
            done += n;
        }
        return done;
    }

    /** vringh_complete_iotlb(): the used element {head, len}, then the used index. 0 or -errno. */
    public int complete(int head, long len) {
        le.putInt(0, head);
        le.putInt(4, (int) len);
        int r = dma(rings, ring.usedElem(usedIdx & (ring.num() - 1)), scratch, 0, SplitRing.USED_ELEM_SIZE,
                Access.WRITE);
        if (r < 0) {
            return r;
        }
        usedIdx = (usedIdx + 1) & 0xffff;
        le.putShort(0, (short) usedIdx);
        return dma(rings, ring.usedIdx(), scratch, 0, 2, Access.WRITE);
    }

    /**
     * copy_from_iotlb() / copy_to_iotlb(): translate IOTLB_IOV_STRIDE segments at a time and copy
     * each before translating further, so a failure part-way has copied the segments before it.
     */
    private int dma(DeviceIotlb t, long iova, byte[] buf, int off, int len, Access access) {
        int done = 0;
        while (done < len) {
            int r = t.translate(iova + done, len - done, access, iov);
            if (r < 0 && r != -ENOBUFS) {
                return r;
            }
            for (int s = 0; s < iov.count(); s++) {
                long addr = iov.addr(s);
                int n = (int) iov.len(s);
                if (!ram.holds(addr, n)) {
                    return -EFAULT;
                }
                if (access == Access.READ) {
                    ram.read(addr, buf, off + done, n);
                } else {
                    ram.write(addr, buf, off + done, n);
                }
                done += n;
            }
        }
        return 0;
    }
}
