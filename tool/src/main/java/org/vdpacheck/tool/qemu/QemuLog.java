package org.vdpacheck.tool.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CodePointBuffer;
import org.antlr.v4.runtime.CodePointCharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.vdpacheck.tool.qemu.parse.QemuTraceLexer;
import org.vdpacheck.tool.qemu.parse.QemuTraceParser;

/**
 * Reads a QEMU log line by line, in constant memory: a line whose text after a log prefix starts
 * with {@code vhost_vdpa_}, or an error_report() of a failed IOTLB write, goes through
 * grammar/QemuTrace.g4; every other line (other trace events, guest console, shell echo,
 * mail quoting) is skipped and counted. A line that looks like one of ours and does not parse
 * is an error, {@code FILE:LINE:COLUMN: message}.
 */
final class QemuLog {
    private static final String EVENT = "vhost_vdpa_";
    private static final String FAILURE = ": failed to write, fd=";
    /**
     * Events per hand-over between the threads, and hand-overs in flight: 64 k events (about
     * 3 MB), what the reader parses of a log while the evidence pass reads all of it.
     */
    private static final int CHUNK = 512;
    private static final int QUEUE_CHUNKS = 128;
    /** What a log prefix is made of: a line with anything else before the event is not ours. */
    private static final String PREFIX_CHARS = "0123456789@.:-TZ ()\t";
    /**
     * The log prefixes QEMU writes (scripts/tracetool/backend/log.py, util/qemu-error.c):
     * {@code TID@SECONDS.MICROS:} (before 6.0 always, later with {@code -msg timestamp=on}); none
     * (6.0 to 10.x without timestamps); {@code YYYY-MM-DDTHH:MM:SS.uuuuuuZ} (error_report()
     * lines, and {@code -msg timestamp=on} after Berrangé's July 2025 qemu_log change); the same
     * with {@code (TID)} after it (the withdrawn July 2025 log.py patch). Checked here rather
     * than in grammar/QemuTrace.g4, so the lexer never reads the prefix: at a quarter of a
     * line's characters it was a sixth of the reader's time.
     */
    private static final Pattern PREFIX = Pattern.compile(
            "[ \\t]*(?:\\d+@\\d+\\.\\d+:|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z(?:[ \\t]*\\(\\d+\\))?)?[ \\t]*");
    /**
     * The events the grammar reads the arguments of: its literal tokens that name an event.
     * Every other vhost_vdpa_* event the grammar matches by name alone, so a line of one is
     * counted without running the parser (a third of a real log: config dumps, vring set-up).
     */
    private static final Set<String> PARSED = new HashSet<>();

    static {
        for (int t = 1; t <= QemuTraceLexer.VOCABULARY.getMaxTokenType(); t++) {
            String literal = QemuTraceLexer.VOCABULARY.getLiteralName(t);
            if (literal != null && literal.startsWith("'" + EVENT)) {
                PARSED.add(literal.substring(1, literal.length() - 1));
            }
        }
    }

    /** Where the events go, one at a time. */
    interface Handler {
        void accept(LogEvent e) throws QemuLogException;
    }

    /** How many lines of each kind a log held. */
    static final class Counts {
        long lines;
        long events;
        long unused;
        long skipped;
    }

    private final String file;
    private final Counts counts = new Counts();
    private final QemuTraceLexer lexer = new QemuTraceLexer(null);
    private final QemuTraceParser parser = new QemuTraceParser(null);
    /** One token stream for every line: a new one per line grew its token list each time. */
    private final CommonTokenStream tokens = new CommonTokenStream(lexer);
    private final Matcher prefix = PREFIX.matcher("");
    /** The line's body, for the lexer; reused, as nothing keeps a line's tokens past it. */
    private char[] chars = new char[256];
    private String error;

    QemuLog(String file) {
        this.file = file;
        BaseErrorListener first = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object offending, int line, int col, String msg,
                    RecognitionException e) {
                if (error == null) {
                    error = (col + 1) + ": " + msg;
                }
            }
        };
        lexer.removeErrorListeners();
        lexer.addErrorListener(first);
        parser.removeErrorListeners();
        parser.addErrorListener(first);
        // One line has no ambiguity SLL cannot settle; full LL would only cost time.
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    }

    Counts counts() {
        return counts;
    }

    /**
     * Starts reading: a reader thread reads and parses while the caller's thread takes the events
     * ({@link Reading#drain}; replay costs about what parsing does, and the machine has two
     * cores). Between them a bounded queue of chunks, so memory stays constant however long the
     * log; it holds what the reader gets through while the caller still runs the evidence pass.
     */
    Reading start(Path path) {
        return new Reading(path);
    }

    /** A read in progress; closing it stops the reader thread if the caller gives up first. */
    final class Reading implements AutoCloseable {
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        private final Thread reader;

        private Reading(Path path) {
            reader = new Thread(() -> produce(path, queue), "qemu-log-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Every event of the file, in order, to {@code sink}. */
        void drain(Handler sink) throws QemuLogException {
            try {
                while (true) {
                    Object chunk = queue.take();
                    if (chunk instanceof QemuLogException e) {
                        throw e;
                    }
                    @SuppressWarnings("unchecked")
                    List<LogEvent> events = (List<LogEvent>) chunk;
                    if (events.isEmpty()) {
                        return;
                    }
                    for (LogEvent e : events) {
                        sink.accept(e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QemuLogException(file + ":0:0: interrupted");
            }
        }

        @Override
        public void close() {
            reader.interrupt();
        }
    }

    /** The reader thread: chunks of events, then an empty chunk, or the first error. */
    private void produce(Path path, BlockingQueue<Object> queue) {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            List<LogEvent> chunk = new ArrayList<>(CHUNK);
            String text;
            int n = 0;
            while ((text = in.readLine()) != null) {
                n++;
                LogEvent e = line(text, n);
                if (e != null) {
                    chunk.add(e);
                    if (chunk.size() == CHUNK) {
                        queue.put(chunk);
                        chunk = new ArrayList<>(CHUNK);
                    }
                }
            }
            if (!chunk.isEmpty()) {
                queue.put(chunk);
            }
            queue.put(List.of());
        } catch (QemuLogException e) {
            offer(queue, e);
        } catch (IOException | java.io.UncheckedIOException e) {
            offer(queue, new QemuLogException(file + ":0:0: cannot read: " + e.getMessage()));
        } catch (InterruptedException e) {
            // The consumer stopped (its own error): nobody waits for the rest.
        }
    }

    private static void offer(BlockingQueue<Object> queue, QemuLogException e) {
        try {
            queue.put(e);
        } catch (InterruptedException stopped) {
            // The consumer stopped first; its error is the one reported.
        }
    }

    /** The event a line holds, or null for a line replay does not use. */
    LogEvent line(String text, int n) throws QemuLogException {
        counts.lines++;
        int at = body(text);
        if (at < 0) {
            counts.skipped++;
            return null;
        }
        if (unparsed(text, at)) {
            counts.unused++;
            return null;
        }
        if (!prefix.reset(text).region(0, at).matches()) {
            throw new QemuLogException(file + ":" + n + ":1: '" + text.substring(0, at).strip() + "' is not a log "
                    + "prefix QEMU writes (TID@SECONDS.MICROS:, an ISO-8601 UTC time, or one and (TID))");
        }
        error = null;
        // The body's chars as they are (CharStreams.fromString() re-encoded each line), its
        // columns counted from where it starts in the line.
        if (chars.length < text.length() - at) {
            chars = new char[text.length()];
        }
        text.getChars(at, text.length(), chars, 0);
        lexer.setInputStream(CodePointCharStream.fromBuffer(
                CodePointBuffer.withChars(CharBuffer.wrap(chars, 0, text.length() - at))));
        lexer.setCharPositionInLine(at);
        tokens.setTokenSource(lexer);
        parser.setTokenStream(tokens);
        QemuTraceParser.LineContext tree = parser.line();
        if (error != null) {
            throw new QemuLogException(file + ":" + n + ":" + error);
        }
        LogEvent e;
        try {
            e = Events.of(tree, n);
        } catch (QemuLogException x) {
            throw new QemuLogException(file + ":" + n + ":" + x.getMessage());
        }
        if (e == null) {
            counts.unused++;
        } else {
            counts.events++;
        }
        return e;
    }

    /** An event whose arguments the grammar does not read: its name is all there is to check. */
    private static boolean unparsed(String text, int at) {
        if (!text.startsWith(EVENT, at)) {
            return false;
        }
        int end = at;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        return !PARSED.contains(text.substring(at, end));
    }

    /** A trace event of ours after nothing but a log prefix, or a failed IOTLB write. */
    static boolean ours(String text) {
        return body(text) >= 0;
    }

    /**
     * Where the event (or the failure's program name) starts in a line of ours, after its log
     * prefix; -1 for any other line.
     */
    private static int body(String text) {
        int at = text.indexOf(EVENT);
        if (at < 0) {
            at = text.indexOf(FAILURE);
            if (at < 0) {
                return -1;
            }
            at = text.lastIndexOf(' ', at) + 1;
            if (!text.startsWith("qemu", at)) {
                return -1;
            }
        }
        for (int i = 0; i < at; i++) {
            if (PREFIX_CHARS.indexOf(text.charAt(i)) < 0) {
                return -1;
            }
        }
        return at;
    }
}
