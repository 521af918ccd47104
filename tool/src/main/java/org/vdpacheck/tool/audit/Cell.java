package org.vdpacheck.tool.audit;

import org.vdpacheck.tool.alloy.Names;

/** One kernel × parent × client of the compatibility matrix, by spec atom. */
public record Cell(String kernel, String parent, String client) {
    /** The constraint that fixes the spec's configuration to this cell. */
    public String formula() {
        return "Cfg.kernel = " + kernel + " and Cfg.parent = " + parent + " and Run.client = " + client;
    }

    @Override
    public String toString() {
        return Names.client(client) + " on " + Names.kernel(kernel) + " " + Names.parentColumn(parent);
    }
}
