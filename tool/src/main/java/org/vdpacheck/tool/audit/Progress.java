package org.vdpacheck.tool.audit;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/** A progress line on stderr for work that takes over a second; silent otherwise. */
final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final int total;
    private final AtomicInteger done;
    private final long start = System.nanoTime();
    private final Thread ticker;
    private volatile boolean printed;

    Progress(PrintStream out, int total, AtomicInteger done) {
        this.out = out;
        this.total = total;
        this.done = done;
        this.ticker = new Thread(this::tick, "vdpacheck-progress");
        ticker.setDaemon(true);
        if (out != null) {
            ticker.start();
        }
    }

    private void tick() {
        try {
            Thread.sleep(1000);
            while (!Thread.currentThread().isInterrupted()) {
                long s = (System.nanoTime() - start) / 1_000_000_000L;
                out.printf("\raudit: %d/%d checks, %d:%02d", done.get(), total, s / 60, s % 60);
                out.flush();
                printed = true;
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ticker.interrupt();
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (printed) {
            out.println();
        }
    }
}
