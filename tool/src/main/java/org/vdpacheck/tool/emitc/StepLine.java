package org.vdpacheck.tool.emitc;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line a {@link CProgram} prints per statement: {@code vdpacheck-step LINE KIND VALUE}, where
 * KIND is {@code ret} (an ioctl, open or close: 0 or -errno), {@code write} (write(2)'s byte count
 * or -errno), {@code get} (what a GET copied out, in hex) or {@code na} (not observable, VALUE says
 * why).
 */
public record StepLine(int line, Kind kind, long value, String why) {
    public enum Kind { RET, WRITE, GET, NA }

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
                case GET -> new StepLine(line, kind, Long.parseUnsignedLong(v.substring(2), 16), null);
                default -> new StepLine(line, kind, Long.parseLong(v), null);
            });
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
