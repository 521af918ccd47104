package org.vdpacheck.kernel;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.vdpacheck.kernel.KernelChange.*;

/**
 * A kernel version as the set of {@link KernelChange}s it carries. The named profiles are the ones
 * the README lists; {@link #with}/{@link #without} give the mutated kernels that proposals and
 * tests ask "what if" about.
 */
public final class KernelProfile {
    /**
     * Debian's linux-source-6.1 (6.1.192), read for this profile: vhost-vdpa offers and accepts
     * only bits 1-4 (no RESUME, no parent get_backend_features), SET_OWNER binds no mm, and its
     * vdpa_sim pins pages (no use_va) and empties its tables at every reset. The SET_GROUP_ASID
     * ngroups check is a stable backport.
     */
    public static final KernelProfile V6_1 = new KernelProfile("v6.1", EnumSet.of(GROUP_ASID_CHECKS_NGROUPS));

    /** Before the IOTLB_PERSIST series (the vhost pull for 6.6). */
    public static final KernelProfile V6_6 = new KernelProfile("v6.6",
            EnumSet.of(VDPA_SIM_IDENTITY_MAP, VDPA_SIM_USE_VA, RESUME, BIND_MM, PARENT_BACKEND_FEATURES,
                    ENABLE_AFTER_DRIVER_OK));

    /**
     * Si-Wei Liu's "[PATCH RFC 0/4] vdpa: decouple reset of iotlb mapping from device reset" (14 Aug
     * 2023, {@code <1692063807-5018-1-git-send-email-si-wei.liu@oracle.com>}) on v6.6: no compat path,
     * so mlx5's reset keeps its maps for every userspace; vdpa_sim got no reset_map until v3.
     */
    public static final KernelProfile RFC = new KernelProfile("rfc", union(V6_6.changes,
            EnumSet.of(RESET_MAP, IOTLB_PERSIST, MLX5_RFC_RESET_MAP)));

    /** The merged series: reset_map, compat_reset/CLEAN_MAP, IOTLB_PERSIST, DESC_ASID. */
    public static final KernelProfile V6_7 = new KernelProfile("v6.7", union(V6_6.changes,
            EnumSet.of(DESC_GROUP, RESET_MAP, IOTLB_PERSIST, PERSIST_FROM_PARENT_FEATURES, COMPAT_RESET,
                    VDPA_SIM_RESET_MAP, MLX5_RESET_MAP, MLX5_DESC_GROUP)));

    /** Late-2025 mainline: v6.7 plus the 6.8/6.9 suspend work and the SET_GROUP_ASID check. */
    public static final KernelProfile NEWEST = new KernelProfile("newest", union(V6_7.changes,
            EnumSet.of(TRACK_SUSPENDED, BLOCK_VQ_CHANGES_IN_DRIVER_OK, MLX5_RESUME,
                    SKIP_SUSPEND_RESUME_BEFORE_DRIVER_OK, IFCVF_HW_QUEUE_SIZE, GROUP_ASID_CHECKS_NGROUPS)));

    /**
     * Debian's linux-source-6.12 (6.12.95 from bookworm-backports), read for this profile: the
     * changes of {@link #NEWEST}, nothing more and nothing less, in the files this driver models.
     */
    public static final KernelProfile V6_12 = new KernelProfile("v6.12", NEWEST.changes);

    private static final List<KernelProfile> NAMED = List.of(V6_1, V6_6, RFC, V6_7, NEWEST, V6_12);

    private final String name;
    private final Set<KernelChange> changes;

    private KernelProfile(String name, Set<KernelChange> changes) {
        this.name = name;
        this.changes = Collections.unmodifiableSet(EnumSet.copyOf(changes));
    }

    public static List<KernelProfile> named() {
        return NAMED;
    }

    public static Optional<KernelProfile> byName(String name) {
        return NAMED.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    public String name() {
        return name;
    }

    public boolean has(KernelChange change) {
        return changes.contains(change);
    }

    public KernelProfile without(KernelChange change) {
        Set<KernelChange> rest = EnumSet.noneOf(KernelChange.class);
        rest.addAll(changes);
        rest.remove(change);
        return new KernelProfile(name + "-" + change.name(), rest);
    }

    private static Set<KernelChange> union(Set<KernelChange> a, Set<KernelChange> b) {
        Set<KernelChange> u = EnumSet.noneOf(KernelChange.class);
        u.addAll(a);
        u.addAll(b);
        return u;
    }

    @Override
    public String toString() {
        return name;
    }
}
