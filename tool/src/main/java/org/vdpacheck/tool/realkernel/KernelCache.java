package org.vdpacheck.tool.realkernel;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Built kernels under one directory: {@code linux-SERIES-KEY/bzImage}, where KEY hashes the
 * series and the bundled build-kernel.sh (which holds the configuration), so a kernel is built
 * once and again only when its configuration or series changes. The Debian package version it
 * was built from is kept beside it; the registry is not asked again while the build exists.
 */
public final class KernelCache {
    private static final String SCRIPT = "build-kernel.sh";

    private final Path root;

    public KernelCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** A kernel ready to boot: its image, the package version, and the seconds its build took now (0: cached). */
    public record Kernel(KernelSeries series, Path bzImage, String version, double buildSeconds) {
    }

    public Kernel kernel(KernelSeries series, PrintWriter progress) throws EnvironmentException {
        Path dir = root.resolve("linux-" + series.series() + "-" + key(series));
        Path image = dir.resolve("bzImage");
        try {
            if (!Files.exists(image)) {
                Files.createDirectories(dir);
                Path log = dir.resolve("build.log");
                progress.println("building linux " + series + " into " + dir + " (log: " + log + "), a few minutes");
                progress.flush();
                long t0 = System.nanoTime();
                Path script = Scripts.extract(SCRIPT, dir);
                Scripts.run(List.of("sh", script.toString(), series.series(), dir.resolve("work").toString(),
                        image.toString()), log, "building linux " + series);
                return new Kernel(series, image, version(image), (System.nanoTime() - t0) / 1e9);
            }
            return new Kernel(series, image, version(image), 0);
        } catch (IOException e) {
            throw new EnvironmentException("cannot use the kernel cache " + dir + ": " + e.getMessage());
        }
    }

    private static String version(Path image) throws IOException {
        Path v = image.resolveSibling("bzImage.version");
        return Files.exists(v) ? Files.readString(v).strip() : "unknown";
    }

    static String key(KernelSeries series) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((series.series() + "\n").getBytes(StandardCharsets.UTF_8));
            md.update(Scripts.text(SCRIPT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
