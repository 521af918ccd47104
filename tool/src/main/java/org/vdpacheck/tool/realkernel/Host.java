package org.vdpacheck.tool.realkernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The host programs the pipeline runs, found on PATH or in the sbin directories root's PATH has:
 * what building a kernel needs, and what making and booting the guest needs. Each missing one is
 * named with the Debian package that brings it.
 */
public final class Host {
    private static final Map<String, String> BUILD = packages("apt-get apt", "dpkg-deb dpkg", "make make",
            "gcc gcc", "flex flex", "bison bison", "bc bc", "xz xz-utils", "perl perl");
    private static final Map<String, String> GUEST = packages("qemu-system-x86_64 qemu-system-x86",
            "busybox busybox-static", "vdpa iproute2", "cpio cpio", "gzip gzip", "gcc gcc", "ldd libc-bin");
    private static final List<Path> SBIN = List.of(Path.of("/usr/local/sbin"), Path.of("/usr/sbin"), Path.of("/sbin"));
    private static final int PT_INTERP = 3;

    private Host() {
    }

    /** Every program the run needs and this machine lacks, with its package; empty when all are there. */
    public static List<String> missing(boolean building) {
        List<String> missing = new ArrayList<>();
        Map<String, String> needed = new LinkedHashMap<>(GUEST);
        if (building) {
            needed.putAll(BUILD);
        }
        needed.forEach((program, pkg) -> {
            if (find(program).isEmpty()) {
                missing.add(program + " (Debian package " + pkg + ")");
            }
        });
        find("busybox").filter(b -> !isStatic(b)).ifPresent(b ->
                missing.add("a static busybox: " + b + " is dynamically linked (Debian package busybox-static)"));
        if (building && !Files.isReadable(Path.of("/usr/share/keyrings/debian-archive-keyring.gpg"))) {
            missing.add("/usr/share/keyrings/debian-archive-keyring.gpg (Debian package debian-archive-keyring)");
        }
        if (building && !Files.exists(Path.of("/usr/include/libelf.h"))) {
            missing.add("libelf headers for the kernel's objtool (Debian package libelf-dev)");
        }
        return missing;
    }

    static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")).filter(s -> !s.isEmpty()).map(Path::of), SBIN.stream())
                .map(d -> d.resolve(program)).filter(Files::isExecutable).findFirst();
    }

    /** An ELF executable without a PT_INTERP program header needs no dynamic loader. */
    static boolean isStatic(Path elf) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
            long phoff = b.getLong(0x20);
            int phentsize = Short.toUnsignedInt(b.getShort(0x36));
            int phnum = Short.toUnsignedInt(b.getShort(0x38));
            for (int i = 0; i < phnum; i++) {
                if (b.getInt((int) phoff + i * phentsize) == PT_INTERP) {
                    return false;
                }
            }
            return true;
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    private static Map<String, String> packages(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : pairs) {
            String[] kv = p.split(" ");
            m.put(kv[0], kv[1]);
        }
        return m;
    }
}
