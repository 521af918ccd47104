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
import java.util.Optional;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.alloy4.Err;
import edu.mit.csail.sdg.ast.Assert;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.ast.ExprBinary;
import edu.mit.csail.sdg.ast.ExprCall;
import edu.mit.csail.sdg.ast.ExprList;
import edu.mit.csail.sdg.ast.ExprUnary;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.ast.Func;
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
        return load(file, null, null);
    }

    /**
     * A proposal: a module that opens the bundled spec and changes a kernel profile or adds a
     * bit. It is checked for every assertion of the base, so check commands for those are
     * appended after its last line (line numbers of its own text stay as they are).
     */
    public static Spec loadProposal(Path file, List<String> baseAssertions) throws SpecError {
        return load(file, proposalCommands(baseAssertions), baseAssertions);
    }

    private static String proposalCommands(List<String> baseAssertions) {
        StringBuilder commands = new StringBuilder("\n");
        for (String a : baseAssertions) {
            commands.append("check ").append(a).append(" for 3 but 2 Range, 8 steps\n");
        }
        return commands.toString();
    }

    /**
     * What the verdicts of a spec depend on, without parsing it: SHA-256 over every .als file
     * under the directory of the bundled spec (the file's own directory, or its parent for a
     * proposal), by relative path, in path order, and the file itself with what a proposal gets
     * appended. Conservative: editing any module there invalidates the cache.
     */
    public static String fingerprint(Path file, List<String> proposalOf) throws SpecError {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new SpecError(file + ": no such file");
        }
        Path root = proposalOf == null ? abs.getParent() : abs.getParent().getParent();
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> all = files.filter(f -> f.toString().endsWith(".als") && !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
            for (Path f : all) {
                md.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(f));
                md.update((byte) 0);
            }
            md.update(abs.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            if (proposalOf != null) {
                md.update(proposalCommands(proposalOf).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.io.IOException e) {
            throw new SpecError(file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A module the tool writes itself (the generator's goal module), parsed as if it were the
     * file {@code name} beside the bundled spec, so that it can open it.
     */
    public static Spec loadModule(Path bundled, String name, String text) throws SpecError {
        Path abs = bundled.toAbsolutePath().normalize().resolveSibling(name);
        return parse(abs, Map.of(abs.toString(), text), fingerprint(bundled, null));
    }

    private static Spec load(Path file, String appended, List<String> proposalOf) throws SpecError {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new SpecError(file + ": no such file");
        }
        Map<String, String> text = new HashMap<>();
        if (appended != null) {
            try {
                text.put(abs.toString(), Files.readString(abs) + appended);
            } catch (java.io.IOException e) {
                throw new SpecError(file + ": " + e.getMessage());
            }
        }
        return parse(abs, text, fingerprint(abs, proposalOf));
    }

    /** Parses and typechecks {@code abs}, reading the files in {@code text} from there, not from disk. */
    private static Spec parse(Path abs, Map<String, String> text, String hash) throws SpecError {
        Quiet.install();
        try {
            CompModule world = CompUtil.parseEverything_fromFile(A4Reporter.NOP, new HashMap<>(text), abs.toString());
            return new Spec(abs, world, hash);
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

    /**
     * What the spec's own check command says to expect: 0 (no counterexample anywhere), 1 (a
     * counterexample exists: the finding the assertion documents), or -1 (nothing said).
     */
    public int expects(String assertion) {
        return checkCommand(assertion).expects;
    }

    /** The formula an assertion states, from whichever module (base or proposal) declares it. */
    Expr assertionBody(String assertion) {
        for (CompModule m : world.getAllReachableModules()) {
            for (Assert a : m.getAllAssertions()) {
                if (simple(a.label).equals(assertion)) {
                    return a.expr;
                }
            }
        }
        throw new IllegalArgumentException("no assertion " + assertion);
    }

    /**
     * The situation an assertion is about: the predicate S where its own predicate reads
     * {@code always (S implies ...)}; empty for an assertion of another shape.
     */
    public Optional<String> situation(String assertion) {
        Expr e = strip(assertionBody(assertion));
        if (e instanceof ExprCall call && call.args.isEmpty()) {
            e = strip(call.fun.getBody());
        }
        if (e instanceof ExprUnary always && always.op == ExprUnary.Op.ALWAYS
                && strip(always.sub) instanceof ExprBinary implies && implies.op == ExprBinary.Op.IMPLIES
                && strip(implies.left) instanceof ExprCall situation && situation.args.isEmpty()) {
            return Optional.of(simple(situation.fun.label));
        }
        return Optional.empty();
    }

    /**
     * The atoms a parameterless function names when its body is a union of one-sigs (e.g.
     * uaccess.als's {@code argEvents}), in the order written.
     */
    public List<String> union(String function) throws SpecError {
        for (CompModule m : world.getAllReachableModules()) {
            for (Func f : m.getAllFunc()) {
                if (simple(f.label).equals(function) && f.count() == 0) {
                    List<String> atoms = new ArrayList<>();
                    collect(f.getBody(), atoms, function);
                    return atoms;
                }
            }
        }
        throw new SpecError(file + ":1:1: the spec has no function " + function);
    }

    private void collect(Expr e, List<String> atoms, String function) throws SpecError {
        e = strip(e);
        if (e instanceof ExprBinary plus && plus.op == ExprBinary.Op.PLUS) {
            collect(plus.left, atoms, function);
            collect(plus.right, atoms, function);
        } else if (e instanceof Sig sig && sig.isOne != null) {
            atoms.add(simple(sig.label));
        } else {
            String where = e.pos.filename.isEmpty() ? file.toString() : e.pos.filename;
            throw new SpecError(where + ":" + e.pos.y + ":" + e.pos.x + ": " + function
                    + " must be a union of one-sigs, not " + e);
        }
    }

    /** Without the parser's wrappers: a no-op unary, a one-element conjunction. */
    private static Expr strip(Expr e) {
        while (true) {
            if (e instanceof ExprUnary u && u.op == ExprUnary.Op.NOOP) {
                e = u.sub;
            } else if (e instanceof ExprList l && l.args.size() == 1) {
                e = l.args.get(0);
            } else {
                return e;
            }
        }
    }

    /**
     * A command over the spec's facts and {@code formula}, for traces of {@code min..max} states
     * and {@code ranges} IOVA ranges, in the scope the spec's first command gives everything else.
     */
    Command command(Expr formula, int min, int max, int ranges) {
        Command t = world.getAllCommands().get(0);
        return new Command(t.pos, t.nameExpr, "vdpacheck", false, t.overall, t.bitwidth, t.maxseq, min, max, -1,
                t.scope, t.additionalExactScopes, t.commandKeyword, world.getAllReachableFacts().and(formula),
                t.parent).change(sig("Range"), false, ranges);
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
