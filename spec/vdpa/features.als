module vdpa/features

-- VHOST_BACKEND_F_* (include/uapi/linux/vhost_types.h). The header gives bit numbers; here
-- each bit is an atom, and a mask is a set of them.
abstract sig Bit {}
one sig IOTLB_MSG_V2, IOTLB_BATCH, IOTLB_ASID, SUSPEND, RESUME,
        ENABLE_AFTER_DRIVER_OK, DESC_ASID, IOTLB_PERSIST extends Bit {}
