package org.vdpacheck.tool.realkernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static-busybox check reads ELF program headers: PT_INTERP (3) means a dynamic loader is needed. */
class HostTest {
    @TempDir
    Path tmp;

    @Test
    void anElfWithAnInterpreterHeaderIsDynamic() throws IOException {
        assertFalse(Host.isStatic(elf(tmp.resolve("dynamic"), 1, 3, 1)));
    }

    @Test
    void anElfWithoutOneIsStatic() throws IOException {
        assertTrue(Host.isStatic(elf(tmp.resolve("static"), 1, 1, 4)));
    }

    @Test
    void whatIsNotAnElfIsNotTakenForAStaticBusybox() throws IOException {
        Path script = tmp.resolve("busybox");
        Files.writeString(script, "#!/bin/sh\n");
        assertFalse(Host.isStatic(script));
    }

    /** A 64-bit little-endian ELF header and program headers of the given p_type values, 56 bytes each. */
    private static Path elf(Path p, int... types) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 + 56 * types.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putLong(0x20, 64);
        b.putShort(0x36, (short) 56);
        b.putShort(0x38, (short) types.length);
        for (int i = 0; i < types.length; i++) {
            b.putInt(64 + 56 * i, types[i]);
        }
        Files.write(p, b.array());
        return p;
    }
}
