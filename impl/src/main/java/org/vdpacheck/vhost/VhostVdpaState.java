package org.vdpacheck.vhost;

import java.util.List;
import java.util.Map;

import org.vdpacheck.dma.DeviceMap;

/**
 * Everything a model step can observe of one vhost-vdpa device, as a value: two snapshots are
 * equal exactly when no observable state changed between them. It is what tests assert ("a
 * refused request changes nothing") and what generated tests compare with the model's state.
 *
 * @param open whether the char device is open
 * @param status the virtio status byte the parent reports
 * @param ackedBackendFeatures the mask on vqs[0] (0 while closed)
 * @param vhostIotlb asid → the vhost-side IOTLB, for the address spaces that exist
 * @param deviceMap per asid, what the device's DMA translates through
 * @param groupAsid per group, the address space it is bound to
 * @param inBatch v->in_batch
 * @param suspended v->suspended (v6.8+; always false before)
 */
public record VhostVdpaState(boolean open, int status, long ackedBackendFeatures, Map<Integer, DeviceMap.Table> vhostIotlb,
        List<DeviceMap> deviceMap, List<Integer> groupAsid, boolean inBatch, boolean suspended) {
    public VhostVdpaState {
        vhostIotlb = Map.copyOf(vhostIotlb);
        deviceMap = List.copyOf(deviceMap);
        groupAsid = List.copyOf(groupAsid);
    }
}
