package org.vdpacheck.tool.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
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
    /** What a log prefix (TID@SECONDS.MICROS:, an ISO-8601 time, "(TID) ") is made of. */
    /** Events per hand-over between the threads, and hand-overs in flight. */
    private static final int CHUNK = 512;
    private static final int QUEUE_CHUNKS = 8;
    private static final String PREFIX_CHARS = "0123456789@.:-TZ ()\t";
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
     * Every event of the file, in order, to {@code sink}. A reader thread reads and parses while
     * the caller's thread takes the events (replay costs about what parsing does, and the
     * machine has two cores); between them a bounded queue of chunks, so memory stays constant
     * however long the log.
     */
    void read(Path path, Handler sink) throws QemuLogException {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        Thread reader = new Thread(() -> produce(path, queue), "qemu-log-reader");
        reader.setDaemon(true);
        reader.start();
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
        } finally {
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
        if (!ours(text)) {
            counts.skipped++;
            return null;
        }
        if (unparsed(text)) {
            counts.unused++;
            return null;
        }
        error = null;
        lexer.setInputStream(CharStreams.fromString(text));
        parser.setTokenStream(new CommonTokenStream(lexer));
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
    private static boolean unparsed(String text) {
        int at = text.indexOf(EVENT);
        if (at < 0) {
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
        int at = text.indexOf(EVENT);
        if (at < 0) {
            at = text.indexOf(FAILURE);
            if (at < 0) {
                return false;
            }
            at = text.lastIndexOf(' ', at) + 1;
            if (!text.startsWith("qemu", at)) {
                return false;
            }
        }
        for (int i = 0; i < at; i++) {
            if (PREFIX_CHARS.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
