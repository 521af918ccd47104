package org.vdpacheck.tool.alloy;

/**
 * The Alloy dist jar carries an slf4j-simple binding that logs every solve at INFO, and its
 * native solvers log WARN from finalizers. Both go to stderr; only errors are worth it there.
 * Must run before the first Alloy class loads its logger.
 */
public final class Quiet {
    private Quiet() {
    }

    public static void install() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }
}
