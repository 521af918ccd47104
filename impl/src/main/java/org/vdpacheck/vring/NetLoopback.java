package org.vdpacheck.vring;

import org.vdpacheck.datapath.Datapath;

/**
 * vdpa_sim_net's datapath (drivers/vdpa/vdpa_sim/vdpa_sim_net.c, vdpasim_net_work()): every
 * packet the driver puts on the tx queue (vq 1) is copied into the next buffer on the rx queue
 * (vq 0), with the simulator's counters (v6.3+). The work stops at the first failure, as the
 * kernel's does: a tx chain it cannot read is a tx error and never used; with no rx chain to take
 * the packet (an overrun) the tx chain is used with length 0 and the packet dropped; an rx chain it
 * cannot write is an rx error, and neither chain is used.
 *
 * <p>Left out: the MAC receive filter (every packet is accepted) and the rescheduling after five
 * packets (one call drains the tx queue). The kernel does not check what vringh_iov_pull_iotlb()
 * returns: a failed pull becomes a huge length for receive_filter() and vringh_iov_push_iotlb(),
 * which drop or deliver whatever the buffer held. This model counts it a tx error and stops
 * instead, rather than deliver stale bytes.
 */
public final class NetLoopback {
    public static final int RX_VQ = 0;
    public static final int TX_VQ = 1;
    /** net->buffer: one page, the most one tx packet carries. */
    static final int BUFFER_SIZE = 4096;

    private final Vringh rx;
    private final Vringh tx;
    private final Vringh.Chain rxChain;
    private final Vringh.Chain txChain;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private long txPkts;
    private long rxPkts;
    private long txErrors;
    private long rxErrors;
    private long rxOverruns;
    private int lastError;

    public NetLoopback(Datapath datapath, Ram ram, SplitRing rxRing, SplitRing txRing) {
        rx = new Vringh(rxRing, datapath.descIotlb(RX_VQ), datapath.vqIotlb(RX_VQ), ram);
        tx = new Vringh(txRing, datapath.descIotlb(TX_VQ), datapath.vqIotlb(TX_VQ), ram);
        // vdpasim_net_work(): the tx chain with only an out_iov, the rx chain with only an in_iov.
        rxChain = rx.newChain(false, true);
        txChain = tx.newChain(true, false);
    }

    /** vdpasim_net_work(): the packets looped back by this call. */
    public int work() {
        int looped = 0;
        while (true) {
            int err = tx.getdesc(txChain);
            if (err <= 0) {
                if (err < 0) {
                    txErrors++;
                    lastError = err;
                }
                return looped;
            }
            txPkts++;
            long read = tx.pull(txChain, buffer, BUFFER_SIZE);
            if (read < 0) {
                txErrors++;
                lastError = (int) read;
                return looped;
            }
            err = rx.getdesc(rxChain);
            if (err <= 0) {
                rxOverruns++;
                lastError = err;
                tx.complete(txChain.head(), 0);
                return looped;
            }
            long write = rx.push(rxChain, buffer, (int) read);
            if (write <= 0) {
                rxErrors++;
                lastError = (int) write;
                return looped;
            }
            rxPkts++;
            // vdpasim_net_complete() ignores what vringh_complete_iotlb() returns.
            tx.complete(txChain.head(), 0);
            rx.complete(rxChain.head(), write);
            looped++;
        }
    }

    public long txPkts() {
        return txPkts;
    }

    public long rxPkts() {
        return rxPkts;
    }

    public long txErrors() {
        return txErrors;
    }

    public long rxErrors() {
        return rxErrors;
    }

    public long rxOverruns() {
        return rxOverruns;
    }

    /** The -errno of the last failure, 0 if none (or no rx buffer: an overrun). */
    public int lastError() {
        return lastError;
    }
}
