package org.vdpacheck.uapi;

import java.util.Map;
import java.util.TreeMap;

/**
 * errno values as the x86-64 kernel returns them (include/uapi/asm-generic/errno-base.h,
 * errno.h, include/linux/errno.h). Kernel functions in this implementation return them negated,
 * as the kernel does: {@code return -EINVAL;}.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int ENOSPC = 28;
    public static final int ELOOP = 40;
    public static final int EPROTO = 71;
    public static final int EOPNOTSUPP = 95;
    public static final int ENOBUFS = 105;
    /** Kernel-internal: "ioctl not handled here", turned into ENOTTY by vfs_ioctl() (fs/ioctl.c). */
    public static final int ENOIOCTLCMD = 515;
    /** Kernel-internal NFSv3 code that leaks to userspace from iommu domain allocation. */
    public static final int ENOTSUPP = 524;

    private static final Map<Integer, String> NAMES = new TreeMap<>();

    static {
        NAMES.put(EPERM, "EPERM");
        NAMES.put(ENOENT, "ENOENT");
        NAMES.put(EIO, "EIO");
        NAMES.put(EBADF, "EBADF");
        NAMES.put(ENOMEM, "ENOMEM");
        NAMES.put(EFAULT, "EFAULT");
        NAMES.put(EBUSY, "EBUSY");
        NAMES.put(EEXIST, "EEXIST");
        NAMES.put(EINVAL, "EINVAL");
        NAMES.put(ENOTTY, "ENOTTY");
        NAMES.put(ENOSPC, "ENOSPC");
        NAMES.put(ELOOP, "ELOOP");
        NAMES.put(EPROTO, "EPROTO");
        NAMES.put(EOPNOTSUPP, "EOPNOTSUPP");
        NAMES.put(ENOBUFS, "ENOBUFS");
        NAMES.put(ENOIOCTLCMD, "ENOIOCTLCMD");
        NAMES.put(ENOTSUPP, "ENOTSUPP");
    }

    private Errno() {
    }

    /** The errno a symbolic name stands for (positive), or -1 for a name the kernel does not have here. */
    public static int value(String name) {
        for (Map.Entry<Integer, String> e : NAMES.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** The symbolic name of an errno value, negative or positive; "0" for success. */
    public static String name(long ret) {
        if (ret >= 0) {
            return Long.toString(ret);
        }
        String name = NAMES.get((int) -ret);
        return name != null ? name : "errno " + (-ret);
    }
}
