package org.vdpacheck.tool.generate;

import java.util.Locale;

import org.vdpacheck.tool.alloy.Names;

/**
 * A coverage goal: what the last event of a witness trace must do, in one kernel × parent of the
 * spec. Atoms are the spec's names.
 *
 * @param subject the event, the bit, or the scenario
 * @param detail the status the event is taken in, or the result it returns; null for the others
 */
public record Goal(String kernel, String parent, Kind kind, String subject, String detail) {
    public enum Kind {
        /** An event taken while the device is in a status. */
        EVENT_IN_STATUS,
        /** An event with a result. */
        EVENT_RESULT,
        /** SET_BACKEND_FEATURES accepts a request holding the bit. */
        BIT_ACCEPTED,
        /** SET_BACKEND_FEATURES refuses a request holding the bit. */
        BIT_REFUSED,
        /** The event made with a bad address for its argument. */
        BAD_ADDRESS,
        /** A named scenario: one the compatibility argument turns on, or an assertion's situation. */
        SCENARIO
    }

    /** What the goal asks, in the words of the trace language. */
    public String describe() {
        return switch (kind) {
            case EVENT_IN_STATUS -> Names.event(subject) + " in status " + Names.status(detail);
            case EVENT_RESULT -> Names.event(subject) + " -> " + Names.result(detail);
            case BIT_ACCEPTED -> subject + " accepted";
            case BIT_REFUSED -> subject + " refused";
            case BAD_ADDRESS -> Names.event(subject) + " bad_address";
            case SCENARIO -> Scenarios.describe(subject);
        };
    }

    /** Where: kernel and parent as the README names them. */
    public String where() {
        return Names.kernel(kernel) + " " + Names.parentColumn(parent);
    }

    /** A Java identifier for a test that witnesses this goal. */
    public String methodName() {
        String[] words = describe().replace("->", "returns").split("[^A-Za-z0-9]+");
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            String lower = w.toLowerCase(Locale.ROOT);
            sb.append(sb.length() == 0 ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return where() + ": " + describe();
    }
}
