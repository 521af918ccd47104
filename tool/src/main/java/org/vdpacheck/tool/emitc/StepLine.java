package org.vdpacheck.tool.emitc;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line a {@link CProgram} prints per statement: {@code vdpacheck-step LINE KIND VALUE}, where
 * KIND is {@code ret} (an ioctl, open or close: 0 or -errno), {@code write} (write(2)'s byte count
 * or -errno), {@code get} (what a GET copied out, in hex: one value, or two for a range's first and
 * last, then in {@code second}) or {@code na} (not observable, VALUE says why).
 */
public record StepLine(int line, Kind kind, long value, long second, String why) {
    public enum Kind { RET, WRITE, GET, NA }

    public StepLine(int line, Kind kind, long value, String why) {
        this(line, kind, value, 0, why);
    }

    private static final Pattern STEP = Pattern.compile("vdpacheck-step (\\d+) (ret|write|get|na) (.*)");

    /** The step a line of the program's output reports, if it is one. */
    public static Optional<StepLine> parse(String text) {
        Matcher m = STEP.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        Kind kind = Kind.valueOf(m.group(2).toUpperCase(Locale.ROOT));
        int line = Integer.parseInt(m.group(1));
        String v = m.group(3);
        if (kind == Kind.GET && !v.startsWith("0x")) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch (kind) {
                case NA -> new StepLine(line, kind, 0, v);
                case GET -> get(line, v.split(" ", -1));
                default -> new StepLine(line, kind, Long.parseLong(v), null);
            });
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static StepLine get(int line, String[] values) {
        if (values.length > 2 || !values[values.length - 1].startsWith("0x")) {
            throw new NumberFormatException("not one or two hex values");
        }
        long first = Long.parseUnsignedLong(values[0].substring(2), 16);
        return new StepLine(line, Kind.GET, first,
                values.length == 2 ? Long.parseUnsignedLong(values[1].substring(2), 16) : 0, null);
    }
}
