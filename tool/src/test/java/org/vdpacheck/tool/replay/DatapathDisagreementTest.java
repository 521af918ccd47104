package org.vdpacheck.tool.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vdpacheck.dma.Access;
import org.vdpacheck.dma.DeviceMap;
import org.vdpacheck.iotlb.VhostIotlb;
import org.vdpacheck.kernel.KernelProfile;
import org.vdpacheck.mm.Mm;
import org.vdpacheck.parent.ParentDevice;
import org.vdpacheck.tool.trace.Position;
import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.uapi.VhostAccess;
import org.vdpacheck.vdpa.VdpaOp;

/**
 * Replay holds the datapath to the reference: a parent that changes its map without moving its
 * map generation leaves the datapath's region and the group's cache on the old translation,
 * and every answer that differs is named.
 */
class DatapathDisagreementTest {
    private static final Position AT = new Position(7, 3);

    /** One group, one address space, one 4 KiB entry; {@link #remapSilently} forgets mapChanged(). */
    static final class Forgetful extends ParentDevice {
        private DeviceMap map = table(0x7f00_0000_0000L);

        Forgetful() {
            super("forgetful", KernelProfile.V6_7, 3, 1, 1, false, null, EnumSet.noneOf(VdpaOp.class), 0);
        }

        static DeviceMap table(long uaddr) {
            VhostIotlb t = new VhostIotlb();
            t.addRange(0, 0xfff, uaddr, VhostAccess.RW);
            return new DeviceMap.Table(t.entries());
        }

        void remapSilently(long uaddr) {
            map = table(uaddr);
        }

        @Override
        public DeviceMap currentMap(int asid) {
            return map;
        }

        @Override
        public boolean kernelDmaWorks() {
            return false;
        }

        @Override
        public int reset() {
            resetVirtio();
            return 0;
        }
    }

    @Test
    void aStaleRegionAndCacheAreBothNamed() {
        Forgetful parent = new Forgetful();
        DmaCheck check = new DmaCheck(parent);
        assertEquals(new DmaCheck.Answer("0x7f0000000010", List.of()), check.dma(0, 0x10, Access.READ));
        parent.remapSilently(0x7f00_0020_0000L);
        DmaCheck.Answer a = check.dma(0, 0x10, Access.READ);
        assertEquals("0x7f0000200010", a.reference());
        assertEquals(List.of("0x7f0000000010 (datapath region)", "0x7f0000000010 (group 0's DeviceIotlb)"),
                a.disagreements());
    }

    @Test
    void aDmaTheTraceDoesNotCheckStillDivergesWhenTheDatapathDisagrees() throws ReplayException {
        Forgetful parent = new Forgetful();
        Rig rig = new Rig(parent, new Mm("t"));
        Operations ops = new Operations(rig, new DmaCheck(parent));
        Statement.Op dma = new Statement.Op("dma", List.of("asid", "0", "iova", "0x10", "write"), null);
        assertTrue(ops.run(dma, AT).matches());
        parent.remapSilently(0x7f00_0020_0000L);
        Step s = ops.run(dma, AT);
        assertFalse(s.matches());
        assertEquals("dma asid 0 iova 0x10 write: expected the datapath to agree with the reference, impl returned "
                + "0x7f0000200010 (reference) but 0x7f0000000010 (datapath region), "
                + "0x7f0000000010 (group 0's DeviceIotlb)", s.statement() + ": " + s.explanation());
    }

    @Test
    void expectDeviceHoldsTheRegionToTheReferenceToo() throws ReplayException {
        Forgetful parent = new Forgetful();
        DmaCheck check = new DmaCheck(parent);
        Expectations expect = new Expectations(new Rig(parent, new Mm("t")), check);
        Statement.Expect e = new Statement.Expect(List.of("device", "asid", "0", "{", "0x0", "size", "0x1000", "uaddr",
                "0x7f0000200000", "perm", "rw", "}"));
        // The first look builds the region from the old map, which the expected table is not.
        assertFalse(expect.check(e, AT).matches());
        parent.remapSilently(0x7f00_0020_0000L);
        Step s = expect.check(e, AT);
        assertFalse(s.matches());
        assertEquals("{ 0x0 size 0x1000 uaddr 0x7f0000200000 perm rw } (reference) but "
                + "{ 0x0 size 0x1000 uaddr 0x7f0000000000 perm rw } (datapath region)", s.actual());
    }
}
