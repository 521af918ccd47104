package org.vdpacheck.tool.realkernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One boot of the guest: qemu with the kernel, an initramfs whose /init runs every test program,
 * and the serial console read back. A guest still running after the bound is killed, and the boot
 * says so; what it printed until then is kept. qemu emulates the CPU (TCG): the guest boots and runs
 * in seconds that way, while /dev/kvm may be there and still never start a guest (nested
 * virtualisation on this project's machines hangs in the firmware).
 */
public final class Guest {
    /** Guest RAM for the scenarios' 2 MiB pages: 64 of them, out of 512 MiB. */
    private static final String CMDLINE = "console=ttyS0 panic=-1 loglevel=1 hugepages=64";

    private Guest() {
    }

    public record Boot(List<String> console, boolean killed, double seconds) {
        public boolean finished() {
            return console.stream().anyMatch(l -> l.strip().equals("vdpacheck-done"));
        }
    }

    /** Boots {@code bzImage} with {@code initramfs}; {@code cmdline} is added to the kernel's command line. */
    public static Boot boot(Path bzImage, Path initramfs, String cmdline, Duration bound) throws EnvironmentException {
        List<String> command = List.of(Host.find("qemu-system-x86_64").map(Path::toString).orElse("qemu-system-x86_64"),
                "-accel", "tcg", "-m", "512", "-smp", "1", "-nographic", "-no-reboot",
                "-nic", "none", "-kernel", bzImage.toString(), "-initrd", initramfs.toString(),
                "-append", CMDLINE + " " + cmdline);
        List<String> console = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new EnvironmentException("qemu could not start: " + e.getMessage());
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.ISO_8859_1))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    console.add(line.replace("\r", ""));
                }
            } catch (IOException e) {
                console.add("vdpacheck-host console read failed: " + e.getMessage());
            }
        }, "guest-console");
        reader.start();
        boolean killed = false;
        try {
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                killed = true;
            }
            reader.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while the guest ran");
        }
        return new Boot(List.copyOf(console), killed, (System.nanoTime() - t0) / 1e9);
    }
}
