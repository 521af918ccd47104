package org.vdpacheck.tool.realkernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kernel is built once per series and build script: a cached one is used as it is. */
class KernelCacheTest {
    @TempDir
    Path tmp;

    @Test
    void eachSeriesHasItsOwnKey() {
        assertNotEquals(KernelCache.key(KernelSeries.V6_1), KernelCache.key(KernelSeries.V6_12));
        assertEquals(12, KernelCache.key(KernelSeries.V6_1).length());
    }

    @Test
    void aBuiltKernelIsTakenFromTheCacheWithoutRunningTheBuild() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("linux-6.1-" + KernelCache.key(KernelSeries.V6_1)));
        Files.writeString(dir.resolve("bzImage"), "not really a kernel");
        Files.writeString(dir.resolve("bzImage.version"), "6.1.192-3\n");
        StringWriter progress = new StringWriter();
        KernelCache.Kernel k = new KernelCache(tmp).kernel(KernelSeries.V6_1, new PrintWriter(progress));
        assertEquals(dir.resolve("bzImage"), k.bzImage());
        assertEquals("6.1.192-3", k.version());
        assertEquals(0, k.buildSeconds());
        assertEquals("", progress.toString(), "nothing built, nothing said");
    }
}
