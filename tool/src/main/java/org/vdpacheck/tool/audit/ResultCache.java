package org.vdpacheck.tool.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.vdpacheck.tool.alloy.Cell;

/**
 * Verdicts on disk, keyed by everything that decides them: the hash of every spec file the
 * parse read, the solver, the Alloy build, the bounds, the assertion, the cell and the cells it
 * was decided with. An unchanged audit is answered from here without solving.
 */
public final class ResultCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Null: a cache that remembers nothing (--no-cache). */
    private final Path dir;

    public ResultCache(Path dir) {
        this.dir = dir;
    }

    public static ResultCache disabled() {
        return new ResultCache(null);
    }

    public static ResultCache standard() {
        return new ResultCache(standardDir());
    }

    /** $VDPACHECK_CACHE, else $XDG_CACHE_HOME/vdpacheck, else ~/.cache/vdpacheck. */
    public static Path standardDir() {
        String explicit = System.getenv("VDPACHECK_CACHE");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vdpacheck");
    }

    /** {@code group}: what else the check was decided with, since that decides its counterexample. */
    public static String key(String specHash, Bounds b, String alloyVersion, String assertion, Cell cell,
            String group) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String k = String.join("\n", specHash, b.solver(), alloyVersion, "" + b.steps(), "" + b.ranges(), assertion,
                    cell.formula(), group);
            return HexFormat.of().formatHex(md.digest(k.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Entry(boolean holds, int steps, String counterexample) {
    }

    private record PlannedTask(String kernel, String parent, String client, String assertion) {
    }

    /** The checks a spec asks for (its atoms and assertions), so a warm audit need not parse it. */
    public Optional<List<Audit.Task>> plan(String specHash) {
        if (dir == null) {
            return Optional.empty();
        }
        Path f = dir.resolve("plan-" + specHash + ".json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            PlannedTask[] tasks = JSON.readValue(f.toFile(), PlannedTask[].class);
            return Optional.of(java.util.Arrays.stream(tasks).map(t -> new Audit.Task(
                    new Cell(t.kernel(), t.parent(), t.client()), t.assertion())).toList());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void putPlan(String specHash, List<Audit.Task> plan) {
        write("plan-" + specHash, plan.stream().map(t -> new PlannedTask(t.cell().kernel(), t.cell().parent(),
                t.cell().client(), t.assertion())).toList());
    }

    public Optional<Verdict> get(String key, Cell cell, String assertion) {
        if (dir == null) {
            return Optional.empty();
        }
        Path f = dir.resolve(key + ".json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Entry e = JSON.readValue(f.toFile(), Entry.class);
            return Optional.of(new Verdict(cell, assertion, e.holds(), e.steps(), e.counterexample()));
        } catch (IOException e) {
            // A damaged entry is recomputed, never trusted.
            return Optional.empty();
        }
    }

    public void put(String key, Verdict v) {
        write(key, new Entry(v.holds(), v.steps(), v.counterexample()));
    }

    private void write(String name, Object value) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            JSON.writeValue(tmp.toFile(), value);
            try {
                Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result cache in " + dir, e);
        }
    }
}
