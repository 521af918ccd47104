package org.vdpacheck.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vdpacheck.kernel.KernelProfile.V6_1;
import static org.vdpacheck.kernel.KernelProfile.V6_6;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM;
import static org.vdpacheck.parent.ParentDriver.VDPA_SIM_DMA_MAP;
import static org.vdpacheck.vhost.Fixture.ASID;
import static org.vdpacheck.vhost.Fixture.BATCH;
import static org.vdpacheck.vhost.Fixture.DESC_ASID;
import static org.vdpacheck.vhost.Fixture.ENABLE_AFTER_DRIVER_OK;
import static org.vdpacheck.vhost.Fixture.MSG_V2;
import static org.vdpacheck.vhost.Fixture.PERSIST;
import static org.vdpacheck.vhost.Fixture.RESUME;
import static org.vdpacheck.vhost.Fixture.SUSPEND;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.parent.ParentDriver;
import org.vdpacheck.uapi.Errno;

/**
 * The v6.1 profile, from Debian's linux-source-6.1 (6.1.192): drivers/vhost/vdpa.c offers and
 * accepts bits 1-4 only, and its vdpa_sim has no use_va (vhost-vdpa's PA path) and empties its
 * tables at every reset (vdpasim_do_reset() calls vhost_iotlb_reset() on each iommu[]).
 */
class Linux61Test {
    private static final long TWO_PAGES = 4L << 20;

    @Test
    void getOffersMsgV2BatchAsidAndSuspendForASuspendableParent() {
        Fixture f = Fixture.open(VDPA_SIM, V6_1);
        assertEquals(0, f.fd.getBackendFeatures());
        assertEquals(MSG_V2 | BATCH | ASID | SUSPEND, f.fd.value());
    }

    @ParameterizedTest
    @ValueSource(longs = {RESUME, ENABLE_AFTER_DRIVER_OK, DESC_ASID, PERSIST})
    void setRefusesEveryBitAfterSuspend(long bit) {
        Fixture f = Fixture.open(VDPA_SIM, V6_1);
        assertEquals(-Errno.EOPNOTSUPP, f.fd.setBackendFeatures(MSG_V2 | bit));
    }

    @Test
    void resumeIsNoIoctlOf61AndFallsThroughToTheRingIoctlsWhichReadTheIndexFromNull() {
        Fixture f = Fixture.owned(VDPA_SIM, V6_1);
        assertEquals(-Errno.EFAULT, f.fd.resume());
    }

    @ParameterizedTest
    @EnumSource(value = ParentDriver.class, names = {"VDPA_SIM", "VDPA_SIM_DMA_MAP"})
    void aResetEmptiesTheSimulatorsTablesInsteadOfRewritingThemToOneToOne(ParentDriver sim) {
        Fixture f = Fixture.owned(sim, V6_1);
        f.map(0, 0, 0x1000, 0);
        assertEquals(0, f.fd.setStatus(0));
        assertEquals(DeviceMap.EMPTY, f.parent.currentMap(0));
        assertEquals(DeviceMap.EMPTY, f.parent.currentMap(1));
    }

    @Test
    void thePaPathMakesOneEntryPerContiguousRunWhereUseVaMakesOnePerVma() {
        Fixture pa = Fixture.owned(VDPA_SIM, V6_1);
        pa.map(0, 0, TWO_PAGES, 0);
        assertEquals(2, pa.dev.iotlb(0).size(), "two 2 MiB pages, not physically contiguous");
        Fixture va = Fixture.owned(VDPA_SIM, V6_6);
        va.map(0, 0, TWO_PAGES, 0);
        assertEquals(1, va.dev.iotlb(0).size(), "one shared file-backed VMA");
    }

    @Test
    void invalidatingOneRunOfAPinnedUpdateLeavesTheOtherSoTheSameUpdateOverlapsIt() {
        Fixture f = Fixture.owned(VDPA_SIM_DMA_MAP, V6_1);
        f.map(0, 0, TWO_PAGES, 0);
        assertEquals(Fixture.MSG_SIZE, f.fd.iotlbInvalidate(0, 0, 0x1000));
        assertEquals(-Errno.EFAULT, f.fd.iotlbUpdate(0, 0, TWO_PAGES, Fixture.RAM, Fixture.RW));
    }
}
