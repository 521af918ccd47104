package org.vdpacheck.tool.realkernel;

import java.util.Arrays;
import java.util.Optional;

import org.vdpacheck.kernel.KernelProfile;

/**
 * A kernel the guest can boot: Debian's linux-source-SERIES package, and the impl/ profile read
 * from the same tree, whose answers are the predictions.
 */
public enum KernelSeries {
    V6_1("6.1", KernelProfile.V6_1),
    V6_12("6.12", KernelProfile.V6_12);

    private final String series;
    private final KernelProfile profile;

    KernelSeries(String series, KernelProfile profile) {
        this.series = series;
        this.profile = profile;
    }

    public String series() {
        return series;
    }

    public KernelProfile profile() {
        return profile;
    }

    public static Optional<KernelSeries> of(String series) {
        return Arrays.stream(values()).filter(k -> k.series.equals(series)).findFirst();
    }

    @Override
    public String toString() {
        return series;
    }
}
