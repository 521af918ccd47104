module vdpa/dma
open vdpa/state

-- The device's own DMA to an IOVA range (vringh's iotlb_translate() for vdpa_sim and VDUSE,
-- the hardware's MR or IOMMU otherwise), through whatever its parent translates now: the 1:1
-- map (host physical = IOVA), an entry overlapping the range whose permission allows the
-- access (the memory of the process that mapped it), or a fault. Nothing changes.
fun translate[asid: Asid, range: Range, write: lone Yes]: Result {
  asid in Dev.ident implies DmaIdentity
  else some (range.overlaps <: asid.(Dev.dev)).(some write implies RW else Perm) implies DmaUser
  else DmaFault
}

pred dma[asid: Asid, range: Range, write: lone Yes] {
  range not in Whole  -- an access touches bytes
  step[(some write implies DmaWrite else DmaRead), asid, range, none, none, none, none, translate[asid, range, write]]
  keepAll
}

-- Nothing happens (lets a trace end in a loop).
pred stutter {
  step[Stutter, none, none, none, none, none, none, none]
  keepAll
}
