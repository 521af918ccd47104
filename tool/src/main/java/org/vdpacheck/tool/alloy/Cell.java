package org.vdpacheck.tool.alloy;

/** One kernel × parent × client of the compatibility matrix, by the spec's atom names. */
public record Cell(String kernel, String parent, String client) {
    /** The constraint that fixes the spec's configuration to this cell. */
    public String formula() {
        return "Cfg.kernel = " + kernel + " and Cfg.parent = " + parent + " and Run.client = " + client;
    }

    /** The cell as a (kernel, parent, client) tuple of the spec's {@code Cfg} and {@code Run}. */
    String tuple() {
        return kernel + " -> " + parent + " -> " + client;
    }

    @Override
    public String toString() {
        return Names.client(client) + " on " + Names.kernel(kernel) + " " + Names.parentColumn(parent);
    }
}
