package org.vdpacheck.tool.realkernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shell scripts bundled with the tool (build-kernel.sh, make-initramfs.sh, the guest's
 * init.sh), and running a host command with its output kept in a log whose tail an error quotes.
 */
final class Scripts {
    private Scripts() {
    }

    static String text(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the tool's jar lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + name, e);
        }
    }

    /** Writes the bundled script into {@code dir} and returns its path. */
    static Path extract(String name, Path dir) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text(name));
        return p;
    }

    /** Runs {@code command}, output to {@code log}; a non-zero exit is an EnvironmentException naming {@code what}. */
    static void run(List<String> command, Path log, String what) throws EnvironmentException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new EnvironmentException(what + " failed (exit " + rc + "); the end of " + log + ":\n"
                        + tail(log, 15));
            }
        } catch (IOException e) {
            throw new EnvironmentException(what + " could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException(what + " was interrupted");
        }
    }

    /** Runs a short command and returns whether it exited 0 within {@code seconds}. */
    static boolean quiet(List<String> command, Path log, long seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
