package org.vdpacheck.tool.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.vdpacheck.tool.trace.parse.VTraceLexer;
import org.vdpacheck.tool.trace.parse.VTraceParser;
import org.vdpacheck.uapi.Errno;
import org.vdpacheck.uapi.VhostBackendFeature;
import org.vdpacheck.uapi.VirtioFeature;
import org.vdpacheck.uapi.VirtioStatus;

/**
 * Reads {@code .vtrace} files (grammar/VTrace.g4). Syntax errors come from the ANTLR parser,
 * which recovers and goes on; names and numbers are then checked against the uapi. Every error
 * of a file is reported, as {@code FILE:LINE:COLUMN: message}.
 */
public final class TraceParser {
    private TraceParser() {
    }

    /**
     * A scenario with where its parts stand in the file, for replay reports: the scenario, the
     * argument of each header (keyed {@code kernel}, {@code parent}, {@code client}, {@code asids},
     * {@code groups}, {@code option NAME}) and each statement, in the order of the trace's.
     */
    public record Parsed(Trace trace, Position at, Map<String, Position> headers, List<Position> statements) {
        public Parsed {
            headers = Map.copyOf(headers);
            statements = List.copyOf(statements);
        }
    }

    public static List<Parsed> parse(Path file) throws TraceSyntaxException {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new TraceSyntaxException(List.of(file + ":0:0: cannot read: " + e.getMessage()));
        }
    }

    public static List<Parsed> parse(String source, String fileName) throws TraceSyntaxException {
        List<String> errors = new ArrayList<>();
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object offending, int line, int col, String msg,
                    RecognitionException e) {
                errors.add(fileName + ":" + line + ":" + (col + 1) + ": " + message(r, offending, msg));
            }
        };
        VTraceLexer lexer = new VTraceLexer(CharStreams.fromString(source, fileName));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        VTraceParser parser = new VTraceParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        VTraceParser.FileContext tree = parser.file();
        List<Parsed> out = new ArrayList<>();
        if (errors.isEmpty()) {
            Builder b = new Builder(fileName, errors);
            for (VTraceParser.ScenarioContext sc : tree.scenario()) {
                out.add(b.scenario(sc));
            }
            if (out.isEmpty()) {
                errors.add(fileName + ":1:1: no scenario in the file");
            }
        }
        if (!errors.isEmpty()) {
            throw new TraceSyntaxException(errors);
        }
        return out;
    }

    /** ANTLR's message, with "expecting" sets too long to help replaced by what was found. */
    private static String message(Recognizer<?, ?> r, Object offending, String msg) {
        if (offending instanceof Token t && r instanceof VTraceParser p) {
            IntervalSet expected = p.getExpectedTokens();
            String found = t.getType() == Token.EOF ? "end of file"
                    : t.getType() == VTraceParser.NL ? "end of line" : "'" + t.getText() + "'";
            if (expected.size() > 6) {
                return "unexpected " + found;
            }
            return "unexpected " + found + ", expecting " + expected.toString(p.getVocabulary());
        }
        return msg;
    }

    /** Builds the trace of one scenario and checks what the grammar leaves to words. */
    private static final class Builder {
        private final String file;
        private final List<String> errors;

        Builder(String file, List<String> errors) {
            this.file = file;
            this.errors = errors;
        }

        Parsed scenario(VTraceParser.ScenarioContext sc) {
            String raw = sc.STRING().getText();
            String name = raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            String kernel = null;
            String parent = null;
            String client = null;
            Integer asids = null;
            Integer groups = null;
            Map<String, String> options = new LinkedHashMap<>();
            List<Statement> statements = new ArrayList<>();
            Map<String, Position> headers = new LinkedHashMap<>();
            List<Position> positions = new ArrayList<>();
            for (VTraceParser.LineContext l : sc.line()) {
                String comment = l.COMMENT() == null ? null : l.COMMENT().getText().substring(1).strip();
                if (l.header() != null) {
                    VTraceParser.HeaderContext h = l.header();
                    if (!statements.isEmpty()) {
                        error(h, "header statements come before the operations");
                    }
                    String key = h.getStart().getText();
                    if (h instanceof VTraceParser.KernelContext k) {
                        kernel = once(h, "kernel", kernel, k.word().getText());
                    } else if (h instanceof VTraceParser.ParentContext p) {
                        parent = once(h, "parent", parent, p.word().getText());
                    } else if (h instanceof VTraceParser.ClientContext c) {
                        client = once(h, "client", client, c.word().getText());
                    } else if (h instanceof VTraceParser.AsidsContext a) {
                        asids = (int) small(a.number());
                    } else if (h instanceof VTraceParser.GroupsContext g) {
                        groups = (int) small(g.number());
                    } else if (h instanceof VTraceParser.OptionContext o) {
                        key = "option " + o.word().getText();
                        options.put(o.word().getText(), once(h, key, options.get(o.word().getText()), o.number().getText()));
                        if (o.word().getText().equals(Trace.GUEST_RAM)) {
                            guestRam(o.number());
                        }
                    }
                    // Every header's argument is its second child: the word or number it names.
                    headers.put(key, position(((ParserRuleContext) h.getChild(1)).getStart()));
                } else if (l.op() != null) {
                    statements.add(op(l.op(), comment));
                    positions.add(position(l.getStart()));
                } else if (l.expect() != null) {
                    statements.add(expect(l.expect()));
                    positions.add(position(l.getStart()));
                } else if (comment != null) {
                    statements.add(new Statement.Comment(comment));
                    positions.add(position(l.getStart()));
                }
            }
            if (kernel == null) {
                error(sc, "scenario \"" + name + "\" has no kernel line");
            }
            if (parent == null) {
                error(sc, "scenario \"" + name + "\" has no parent line");
            }
            return new Parsed(new Trace(name, kernel, parent, client, asids, groups, options, statements),
                    position(sc.getStart()), headers, positions);
        }

        private static Position position(Token t) {
            return new Position(t.getLine(), t.getCharPositionInLine() + 1);
        }

        private Statement.Op op(VTraceParser.OpContext op, String comment) {
            VTraceParser.CallContext call = op.call();
            String verb = call.getStart().getText();
            List<String> words = words(call, 1);
            if (verb.equals("set_backend_features")) {
                call.word().forEach(w -> bit(w));
            }
            if (verb.equals("set_features")) {
                call.word().forEach(w -> virtioBit(w));
            }
            if (verb.equals("set_status") && call.status() != null) {
                status(call.status());
            }
            for (VTraceParser.NumberContext n : numbers(call)) {
                Long v = parse(n);
                if (v != null && call.garble() != null && n == call.garble().number()) {
                    garble(call.garble().getStart().getText(), v, n);
                }
            }
            String result = null;
            if (op.result() != null) {
                result = String.join(" ", words(op.result(), 0));
                result(verb, BadAddress.in(words) ? BadAddress.WORD : IndexOnly.in(words) ? IndexOnly.WORD : null,
                        op.result());
            }
            return new Statement.Op(verb, words, result, comment);
        }

        private Statement.Expect expect(VTraceParser.ExpectContext e) {
            if (e instanceof VTraceParser.ExpectStatusContext s) {
                status(s.status());
            } else if (e instanceof VTraceParser.ExpectBackendFeaturesContext b) {
                b.word().forEach(this::bit);
            } else if (e instanceof VTraceParser.ExpectBatchContext b && b.word() != null) {
                oneOf(b.word(), List.of("none"), "expect batch takes asid N, or none outside a batch");
            } else if (e instanceof VTraceParser.ExpectSuspendedContext s) {
                oneOf(s.word(), List.of("yes", "no"), "expect suspended takes yes or no");
            } else if (e instanceof VTraceParser.ExpectOwnerContext o) {
                oneOf(o.word(), List.of("yes", "no"), "expect owner takes yes or no");
            }
            numbers(e).forEach(this::number);
            return new Statement.Expect(words(e, 1));
        }

        /**
         * A result must be of the kind the operation returns; made with a bad address or a struct
         * readable only for its index ({@code badWord}, else null), it copies nothing out, so ok or
         * an errno.
         */
        private void result(String verb, String badWord, VTraceParser.ResultContext r) {
            boolean dma = verb.equals("dma");
            boolean bad = badWord != null;
            String what = bad ? verb + " " + badWord : verb;
            if (r.number() != null) {
                number(r.number());
                if (bad || !dma && !verb.startsWith("get_")) {
                    error(r, what + " returns ok or an errno, not a number");
                }
            } else if (r.getStart().getText().equals("identity") || r.getStart().getText().equals("fault")) {
                if (!dma) {
                    error(r, verb + " returns ok or an errno, not " + r.getText());
                }
            } else if (r.getStart().getText().equals("ok")) {
                if (dma) {
                    error(r, "dma translates to an address, identity or fault, not ok");
                }
            } else {
                List<VTraceParser.WordContext> w = r.word();
                boolean errno = w.size() == 1 && Errno.value(w.get(0).getText()) > 0;
                if (dma) {
                    error(r, "dma translates to an address, identity or fault, not " + r.getText());
                } else if (!errno && bad) {
                    error(r, what + " returns ok or an errno, not " + r.getText());
                } else if (!errno && verb.equals("get_backend_features")) {
                    w.forEach(this::bit);
                } else if (!errno && verb.equals("get_status")) {
                    w.forEach(x -> statusBit(x));
                } else if (!errno) {
                    error(r, "unknown errno " + w.get(0).getText());
                }
            }
        }

        private void garble(String word, long v, VTraceParser.NumberContext n) {
            if (Long.compareUnsigned(v, Garble.max(word)) > 0) {
                error(n, word + " is at most " + Garble.max(word)
                        + (word.equals("bytes") ? ", short of the " + Garble.MSG_SIZE + "-byte message" : "")
                        + ", not " + n.getText());
            }
        }

        private void status(VTraceParser.StatusContext s) {
            if (s.number() != null) {
                long v = number(s.number());
                if (v > 0xff) {
                    error(s, "a virtio status is one byte, not " + s.getText());
                }
            }
            s.word().forEach(this::statusBit);
        }

        private void statusBit(VTraceParser.WordContext w) {
            try {
                VirtioStatus.valueOf(w.getText());
            } catch (IllegalArgumentException e) {
                error(w, "unknown status bit " + w.getText());
            }
        }

        private void bit(VTraceParser.WordContext w) {
            try {
                VhostBackendFeature.valueOf(w.getText());
            } catch (IllegalArgumentException e) {
                error(w, "unknown backend feature " + w.getText() + " (the uapi name without VHOST_BACKEND_F_)");
            }
        }

        private void oneOf(VTraceParser.WordContext w, List<String> allowed, String message) {
            if (!allowed.contains(w.getText())) {
                error(w, message + ", not " + w.getText());
            }
        }

        private void virtioBit(VTraceParser.WordContext w) {
            try {
                VirtioFeature.valueOf(w.getText());
            } catch (IllegalArgumentException e) {
                error(w, "unknown virtio feature " + w.getText() + " (have: " + Arrays.stream(VirtioFeature.values())
                        .map(Enum::name).collect(Collectors.joining(", ")) + ")");
            }
        }

        /** A 64-bit unsigned value; -1 stands for U64_MAX and for a number out of range. */
        private long number(VTraceParser.NumberContext n) {
            Long v = parse(n);
            return v == null ? -1 : v;
        }

        /** The number, or null once the error that it does not fit is reported. */
        private Long parse(VTraceParser.NumberContext n) {
            String t = n.getText();
            try {
                return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseUnsignedLong(t);
            } catch (NumberFormatException e) {
                error(n, t + " does not fit in 64 bits");
                return null;
            }
        }

        private long small(VTraceParser.NumberContext n) {
            long v = number(n);
            if (v < 0 || v > Integer.MAX_VALUE) {
                error(n, n.getText() + " is too large here");
                return 0;
            }
            return v;
        }

        /** Whole 2 MiB pages from GUEST_RAM_BASE, below the last page of the address space. */
        private void guestRam(VTraceParser.NumberContext n) {
            Long v = parse(n);
            if (v != null && (v == 0 || v % Trace.HUGE_PAGE != 0
                    || Long.compareUnsigned(v, -Trace.GUEST_RAM_BASE - Trace.HUGE_PAGE) > 0)) {
                error(n, Trace.GUEST_RAM + " is a non-zero multiple of 2 MiB (0x200000) that fits above 0x"
                        + Long.toHexString(Trace.GUEST_RAM_BASE) + ", not " + n.getText());
            }
        }

        private String once(ParserRuleContext at, String what, String old, String value) {
            if (old != null) {
                error(at, "a second " + what + " line");
            }
            return value;
        }

        private void error(ParserRuleContext at, String message) {
            Token t = at.getStart();
            errors.add(file + ":" + t.getLine() + ":" + (t.getCharPositionInLine() + 1) + ": " + message);
        }

        /** The tokens of a subtree, from the {@code from}-th on, as the printer writes them. */
        private static List<String> words(ParseTree tree, int from) {
            List<String> out = new ArrayList<>();
            collect(tree, out);
            return out.subList(Math.min(from, out.size()), out.size());
        }

        private static void collect(ParseTree t, List<String> out) {
            if (t instanceof TerminalNode n) {
                if (n.getSymbol().getType() != Token.EOF) {
                    out.add(n.getText());
                }
                return;
            }
            for (int i = 0; i < t.getChildCount(); i++) {
                collect(t.getChild(i), out);
            }
        }

        private static List<VTraceParser.NumberContext> numbers(ParseTree t) {
            List<VTraceParser.NumberContext> out = new ArrayList<>();
            if (t instanceof VTraceParser.NumberContext n) {
                out.add(n);
                return out;
            }
            for (int i = 0; i < t.getChildCount(); i++) {
                out.addAll(numbers(t.getChild(i)));
            }
            return out;
        }
    }
}
