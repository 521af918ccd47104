module vdpa/client
open vdpa/negotiation

-- The userspace program driving the fd (qemu-clients.md). AnyClient is every program the
-- uapi allows; the others issue only what that program issues, and believe what it believes.
abstract sig Client { mask: set Bit }
one sig AnyClient, Qemu52, Qemu80, Qemu101, Qemu101Hotplug, QemuPersist, Dpdk,
        CloudHypervisor, AssumePersist, DropsPersist extends Client {}
one sig Run { client: one Client }
fun CL: Client { Run.client }

fact masks {
  Qemu52.mask = IOTLB_MSG_V2 + IOTLB_BATCH                              -- 5.2 .. 7.2
  Qemu80.mask = IOTLB_MSG_V2 + IOTLB_BATCH + IOTLB_ASID + SUSPEND       -- 8.0 .. 10.0
  Qemu101.mask = Qemu80.mask and Qemu101Hotplug.mask = Qemu80.mask      -- 10.1+
  QemuPersist.mask = Qemu80.mask + DESC_ASID + IOTLB_PERSIST            -- Si-Wei Liu, Dec 2023
  Dpdk.mask = IOTLB_MSG_V2 + IOTLB_BATCH                                -- virtio-user
  CloudHypervisor.mask = Bit                                            -- all offered
  AssumePersist.mask = Qemu80.mask   -- a QEMU that skips the remap without negotiating
  DropsPersist.mask = Bit            -- acks what is offered, later re-acks without PERSIST
  AnyClient.mask = Bit
}

-- Guest RAM: the ranges a VMM maps, disjoint.
sig Ram in Range {}
fact ramIsDisjoint { some Ram and no Ram & Whole and all disj x, y: Ram | y not in x.overlaps }

one sig C {
  var believed: set Range,  -- RAM the client thinks the device reaches in ASID 0
  var needRemap: lone Yes,  -- it has yet to tear its maps down and set them up again
  var started: lone Yes,    -- DRIVER_OK since the last reset
  var probed: lone Yes,     -- QEMU 8.0+: the CVQ isolation probe (a raw SET_STATUS 0) ran
  var negotiated: lone Yes  -- SET_BACKEND_FEATURES done since open (every client does it before DRIVER_OK)
}

-- Who tears down and rebuilds guest RAM after a reset: every upstream QEMU (listener
-- unregister/register), DPDK (whole table re-sent at start); the PERSIST series only without
-- PERSIST; Cloud Hypervisor, and the two clients that trust persistence, never.
pred remaps[c: Client, acked: set Bit] {
  c in Qemu52 + Qemu80 + Qemu101 + Qemu101Hotplug + Dpdk or (c = QemuPersist and IOTLB_PERSIST not in acked)
}
-- QEMU 8.0+ probes CVQ isolation (a raw SET_STATUS 0) at init, before any RAM is mapped, except
-- when a hot-plugged 10.1+ netdev's listener has already mapped it at set_owner.
pred probes[c: Client] { c in Qemu80 + Qemu101 + Qemu101Hotplug + QemuPersist }
-- The probe ends in that raw reset, and upstream writes ACKNOWLEDGE|DRIVER before it
-- (vhost_vdpa_init() of the data vqs' vhost_devs), never after: its first start adds FEATURES_OK
-- and DRIVER_OK to status 0, so the device runs without those two bits. Si-Wei Liu's tree writes
-- them back after the probe. Every other start walks virtio's whole sequence (qemu-clients.md 1.4, 1.5).
pred skipsAckDriver[c: Client] { probes[c] and c != QemuPersist }
pred probeMayFollowMaps[c: Client] { c = Qemu101Hotplug }
-- QEMU 8.0+ shadows the CVQ in ASID 1 (VHOST_VDPA_NET_CVQ_ASID) when the kernel offers IOTLB_ASID
-- and the parent puts the cvq in a group of its own: at each start vhost_vdpa_net_cvq_start()
-- binds that group with SET_GROUP_ASID (8.1+ fails the start if that fails) and maps the command
-- and status buffers there, which vhost_vdpa_net_cvq_stop() unmaps (net/vhost-vdpa.c;
-- qemu-clients.md 1.4). QEMU reads the offer with a raw GET_BACKEND_FEATURES; every one of these
-- clients' masks holds IOTLB_ASID, so offered and acked agree. Assumed: the guest acks only
-- features the shadow vq can handle (vhost_vdpa_net_valid_svq_features()). The clients' steps
-- here keep to RAM in ASID 0: the generated client cells check this of impl/'s clients instead.
pred shadowsCvq[c: Client, p: Parent, acked: set Bit] {
  c in Qemu80 + Qemu101 + Qemu101Hotplug + QemuPersist and IOTLB_ASID in acked
  hasGetVqGroup[p] and vqGroup[p, Cvq] != vqGroup[p, DataVq] and hasSetGroupAsid[p] and A1 in asids[p]
}
-- When RAM gets mapped: during a start, at FEATURES_OK, up to 10.0 and in DPDK; 10.1 at
-- set_owner once the probe ran, or before it when hot-plugged; Cloud Hypervisor at creation.
pred mapsInStart[c: Client] { c in Qemu52 + Qemu80 + QemuPersist + Dpdk }
pred mapsAfterProbe[c: Client] { c = Qemu101 }
pred mayMapNow {
  mapsInStart[CL] implies Dev.status = FeaturesOk
  else mapsAfterProbe[CL] implies some C.probed
  else some Yes
}

-- The programs modelled here run with the RLIMIT_MEMLOCK they need and map only their own
-- memory inside the IOVA window, and make VHOST_SET_OWNER right after open (QEMU's
-- vhost_dev_init() of its first vhost_dev); only a program the uapi allows may run with a tight
-- limit, name unmapped memory or an IOVA past the window, or skip SET_OWNER.
fact ownMemory { (some TightMemlock or some Unbacked or some Beyond or some SkipsSetOwner) implies CL = AnyClient }

fact clientState {
  CL = AnyClient implies always (no C.believed and no C.needRemap and no C.started and no C.probed
                                 and no C.negotiated)
  no C.believed and no C.needRemap and no C.started and no C.probed and no C.negotiated
}

-- The client's side of each step.
fact clientBehaviour {
  CL != AnyClient implies always {
    no Step.bad and no Step.invalid  -- the programs modelled pass arguments in their own memory, and sound rings
    Step.ev != SetOwner  -- made with the open
    Step.ev = SetBackendFeatures implies Dev.status != DriverOk
    (Step.ev = SetBackendFeatures and CL != DropsPersist) implies Step.bits = offered & CL.mask
    (Step.ev = SetBackendFeatures and CL = DropsPersist) implies Step.bits in offered
        and offered - IOTLB_PERSIST in Step.bits
    Step.ev = Update implies (Step.a = A0 and Step.r in Ram - C.believed and Step.p = RW and mayMapNow)
    Step.ev = Invalidate implies (Step.a = A0 and Step.r in C.believed)
    Step.ev in BatchBegin + BatchEnd implies (Step.a = A0 and IOTLB_BATCH in Dev.acked)
    Step.ev = Suspend implies SUSPEND in Dev.acked
    Step.ev = Resume implies RESUME in Dev.acked
    Step.ev != SetGroupAsid
    -- Cloud Hypervisor resets only a device it has activated (reset_vdpa).
    (Step.ev = SetStatus and Step.st = S0 and CL = CloudHypervisor) implies some C.negotiated
    (Step.ev = SetStatus and Step.st = DriverOk) implies
      (Ram in C.believed and no C.needRemap and no Dev.batch and some C.negotiated)

    -- What it believes, and what it owes.
    C.believed' = (Step.ev = Update and Step.res = Ok implies C.believed + Step.r
                   else Step.ev = Invalidate implies C.believed - Step.r
                   else Step.ev = Release implies none
                   else C.believed)
    C.negotiated' = (Step.ev = SetBackendFeatures and Step.res = Ok implies Yes
                     else Step.ev = Release implies none else C.negotiated)
    let probe = (Step.ev = SetStatus and Step.st = S0 and probes[CL] and no C.probed and no C.started
                 and (probeMayFollowMaps[CL] or no C.believed)) {
      C.probed' = (probe implies Yes else Step.ev = Release implies none else C.probed)
      C.needRemap' = ((Step.ev = SetStatus and Step.st = S0 and not probe) implies
                        (remaps[CL, Dev.acked] and some C.believed implies Yes else none)
                      else (Step.ev = Release or no C.believed') implies none
                      else C.needRemap)
    }
    C.started' = (Step.ev = SetStatus and Step.res = Ok implies (Step.st = DriverOk implies Yes else none)
                  else Step.ev = Release implies none else C.started)
  }
}
