package org.vdpacheck.tool.realkernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The test programs of one boot: each C source compiled with the host's gcc into {@code bin/},
 * on every core, then packed with busybox, `vdpa` and the guest's init into an initramfs.
 */
final class Programs {
    private Programs() {
    }

    /** Compiles {@code sources} (program name → C text) under {@code dir} and returns the initramfs. */
    static Path initramfs(Map<String, String> sources, Path dir) throws EnvironmentException {
        try {
            Path src = Files.createDirectories(dir.resolve("src"));
            Path bin = Files.createDirectories(dir.resolve("bin"));
            ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
            List<Future<String>> failures = new ArrayList<>();
            try {
                for (Map.Entry<String, String> e : sources.entrySet()) {
                    Path c = src.resolve(e.getKey() + ".c");
                    Files.writeString(c, e.getValue());
                    Path log = src.resolve(e.getKey() + ".log");
                    failures.add(pool.submit(() -> Scripts.quiet(List.of("gcc", "-O1", "-o",
                            bin.resolve(e.getKey()).toString(), c.toString()), log, 120) ? null
                                    : c + ": " + Scripts.tail(log, 5)));
                }
                for (Future<String> f : failures) {
                    String failure = f.get();
                    if (failure != null) {
                        throw new EnvironmentException("gcc could not compile " + failure);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            Path init = Scripts.extract("init.sh", dir);
            Path script = Scripts.extract("make-initramfs.sh", dir);
            Path out = dir.resolve("initramfs.gz");
            Scripts.run(List.of("sh", script.toString(), out.toString(), bin.toString(), init.toString()),
                    dir.resolve("initramfs.log"), "making the initramfs");
            return out;
        } catch (IOException e) {
            throw new EnvironmentException("cannot write the test programs under " + dir + ": " + e.getMessage());
        } catch (ExecutionException e) {
            throw new EnvironmentException("gcc could not run: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while compiling");
        }
    }
}
