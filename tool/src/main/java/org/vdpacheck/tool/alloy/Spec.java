package org.vdpacheck.tool.alloy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.alloy4.Err;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.ast.Sig;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.parser.CompUtil;

/**
 * A parsed and typechecked spec (the bundled one, or a proposal that opens it), with the hash
 * of every file the parse read: the result cache keys on it. Not thread-safe: each worker
 * thread loads its own.
 */
public final class Spec {
    private final Path file;
    private final CompModule world;
    private final String hash;

    private Spec(Path file, CompModule world, String hash) {
        this.file = file;
        this.world = world;
        this.hash = hash;
    }

    public static Spec load(Path file) throws SpecError {
        Quiet.install();
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new SpecError(file + ": no such file");
        }
        Map<String, String> loaded = new HashMap<>();
        try {
            CompModule world = CompUtil.parseEverything_fromFile(A4Reporter.NOP, loaded, abs.toString());
            return new Spec(abs, world, hash(loaded));
        } catch (Err e) {
            throw new SpecError(position(e) + ": " + e.msg.strip().replaceAll("\\s+", " "));
        }
    }

    static String position(Err e) {
        if (e.pos == null || e.pos.filename == null || e.pos.filename.isEmpty()) {
            return "?:0:0";
        }
        return e.pos.filename + ":" + e.pos.y + ":" + e.pos.x;
    }

    /** SHA-256 over every file the parse read, by canonical path, in path order. */
    private static String hash(Map<String, String> loaded) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(loaded).entrySet()) {
                // Builtin library files have the same content wherever the jar sits.
                String key = e.getKey().startsWith("/$alloy4$/") ? e.getKey() : relative(e.getKey());
                md.update(key.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String relative(String path) {
        Path p = Path.of(path);
        return p.getNameCount() >= 2 ? p.subpath(p.getNameCount() - 2, p.getNameCount()).toString() : path;
    }

    public Path file() {
        return file;
    }

    public String hash() {
        return hash;
    }

    CompModule world() {
        return world;
    }

    public Expr parse(String expr) throws SpecError {
        try {
            return CompUtil.parseOneExpression_fromString(world, expr);
        } catch (Err e) {
            throw new SpecError(file + ": in \"" + expr + "\": " + e.msg.strip());
        }
    }

    /** The assertions that have a check command in the spec, in file order. */
    public List<String> assertions() {
        List<String> names = new ArrayList<>();
        for (Command c : world.getAllCommands()) {
            if (c.check && !names.contains(c.label)) {
                names.add(c.label);
            }
        }
        return names;
    }

    Command checkCommand(String assertion) {
        for (Command c : world.getAllCommands()) {
            if (c.check && c.label.equals(assertion)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no check command for " + assertion);
    }

    /** The one-sig atoms extending an abstract sig (e.g. every Kernel), in declaration order. */
    public List<String> atoms(String abstractSig) {
        List<String> names = new ArrayList<>();
        for (Sig s : world.getAllReachableSigs()) {
            if (s instanceof Sig.PrimSig prim && prim.parent != null && simple(prim.parent.label).equals(abstractSig)
                    && s.isOne != null) {
                names.add(simple(s.label));
            }
        }
        return names;
    }

    Sig sig(String name) {
        for (Sig s : world.getAllReachableSigs()) {
            if (simple(s.label).equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no sig " + name);
    }

    static String simple(String label) {
        int slash = label.lastIndexOf('/');
        return slash < 0 ? label : label.substring(slash + 1);
    }
}
