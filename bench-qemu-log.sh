#!/usr/bin/env bash
# Replay throughput of a QEMU log: writes a log of N lines (default 10^6) in QEMU 8.2's format
# with -msg timestamp=on — cold boot, then guest reset after guest reset (each: suspend, CVQ
# unmaps, SET_STATUS 0, the listener's batched unmap of guest RAM, restart with the CVQ buffers
# and guest RAM mapped again, DRIVER_OK, vrings enabled), with other trace events and guest
# console lines between — and times `vdpacheck replay` on it.
#   ./bench-qemu-log.sh [LINES] [KERNEL] [PARENT]      default: 1000000 v6.7 mlx5_vdpa
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lines="${1:-1000000}"
kernel="${2:-v6.7}"
parent="${3:-mlx5_vdpa}"
log="$(mktemp --suffix=.log)"
trap '[[ -n "${KEEP:-}" ]] || rm -f "$log"' EXIT

awk -v lines="$lines" '
function p() { t += 137; return sprintf("55674@%d.%06d:", 1706854838 + int(t / 1000000), t % 1000000) }
function ev(s) { print p() s; n++ }
function raw(s) { print s; n++ }
# Addresses are hex strings: awk numbers are doubles, and some awks print %x of 32 bits only.
function map(a, i, s, u, perm) { ev(sprintf("vhost_vdpa_dma_map vdpa:0x55d1c8a3e2a0 fd: 16 msg_type: 2 asid: %d iova: %s size: %s uaddr: %s perm: 0x%d type: 2", a, i, s, u, perm)) }
function unmap(a, i, s) { ev(sprintf("vhost_vdpa_dma_unmap vdpa:0x55d1c8a3e2a0 fd: 16 msg_type: 2 asid: %d iova: %s size: %s type: 3", a, i, s)) }
function batch(type) { ev(sprintf("vhost_vdpa_listener_%s vdpa:0x55d1c8a3e2a0 fd: 16 msg_type: 2 type: %d", type == 5 ? "begin_batch" : "commit", type)) }
function ram(op) {
  batch(5)
  for (r = 0; r < 3; r++) {
    if (op == "map") {
      ev(sprintf("vhost_vdpa_listener_region_add vdpa: 0x55d1c8a3e2a0 iova %s llend %s vaddr: %s read-only: %d", I[r], E[r], U[r], P[r] == 1))
      map(0, I[r], S[r], U[r], P[r])
    } else {
      ev(sprintf("vhost_vdpa_listener_region_del vdpa: 0x55d1c8a3e2a0 iova %s llend %s", I[r], L[r]))
      unmap(0, I[r], S[r])
    }
  }
  batch(6)
}
function start() {
  raw("virtio_set_status vdev 0x55d1c9000000 val 15")
  ev("vhost_vdpa_set_features dev: 0x55d1c8a3e000 features: 0x300c3182b")
  ev("vhost_vdpa_add_status dev: 0x55d1c8a3e000 status: 0x8")
  ev("vhost_vdpa_set_vring_num dev: 0x55d1c8a3e000 index: 0 num: 256")
  ev("vhost_vdpa_set_vring_addr dev: 0x55d1c8a3e000 index: 0 flags: 0x0 desc_user_addr: 0x7f7903e10000 used_user_addr: 0x7f7903e11240 avail_user_addr: 0x7f7903e11000 log_guest_addr: 0x0")
  ev("vhost_vdpa_dev_start dev: 0x55d1c8a3e000 started: 1")
  map(1, "0x1000", "0x1000", "0x7f7a10000000", 1); map(1, "0x2000", "0x1000", "0x7f7a10001000", 3)
  ev("vhost_vdpa_dev_start dev: 0x55d1c8a3f400 started: 1")
  ram("map")
  ev("vhost_vdpa_add_status dev: 0x55d1c8a3f400 status: 0x4")
  for (q = 0; q < 3; q++) ev(sprintf("vhost_vdpa_set_vring_ready dev: 0x55d1c8a3f400, idx: %d, r: 0", (q + 2) % 3))
  raw("[    3.412345] virtio_net virtio0 enp1s0: renamed from eth0")
}
function stop() {
  ev("vhost_vdpa_dev_start dev: 0x55d1c8a3e000 started: 0")
  ev("vhost_vdpa_suspend dev: 0x55d1c8a3e000")
  ev("vhost_vdpa_dev_start dev: 0x55d1c8a3f400 started: 0")
  unmap(1, "0x1000", "0x1000"); unmap(1, "0x2000", "0x1000")
  ev("vhost_vdpa_reset_device dev: 0x55d1c8a3f400")
  ev("vhost_vdpa_add_status dev: 0x55d1c8a3f400 status: 0x3")
  ram("unmap")
  raw("[   12.000001] reboot: Restarting system")
}
BEGIN {
  I[0] = "0x0"; S[0] = "0xa0000"; E[0] = "0xa0000"; L[0] = "0x9ffff"; U[0] = "0x7f7903e00000"; P[0] = 3
  I[1] = "0xc0000"; S[1] = "0x20000"; E[1] = "0xe0000"; L[1] = "0xdffff"; U[1] = "0x7f7a00000000"; P[1] = 1
  I[2] = "0x100000"; S[2] = "0x3ff00000"; E[2] = "0x40000000"; L[2] = "0x3fffffff"; U[2] = "0x7f7903f00000"; P[2] = 3
  raw("+ qemu-system-x86_64 -machine q35 -m 1G -netdev type=vhost-vdpa,vhostdev=/dev/vhost-vdpa-0,id=vdpa0 -trace vhost_vdpa_*")
  ev("vhost_vdpa_init dev: 0x55d1c8a3e000 vdpa: 0x55d1c8a3e2a0")
  ev("vhost_vdpa_add_status dev: 0x55d1c8a3e000 status: 0x3")
  ev("vhost_vdpa_set_owner dev: 0x55d1c8a3e000")
  ev("vhost_vdpa_init dev: 0x55d1c8a3f400 vdpa: 0x55d1c8a3f6a0")
  while (n < lines - 40) { start(); stop() }
  while (n < lines) raw("guest console: idle")
}' > "$log"

echo "$(wc -l < "$log") lines, $(du -h "$log" | cut -f1), kernel $kernel, parent $parent"
"$root/vdpacheck" --version > /dev/null
# Wall time is what a user waits; CPU time (both threads) says what the machine's load hid.
times="$(mktemp)"
/usr/bin/time -f "%e %U %S" -o "$times" "$root/vdpacheck" replay "$log" --kernel "$kernel" --parent "$parent" | tail -1 || true
awk -v n="$(wc -l < "$log")" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '{ printf "%.2f s wall, %.0f lines/s (JVM start included); %.2f s CPU, %.0f lines per CPU second; load average %s\n", $1, n / $1, $2 + $3, n / ($2 + $3), load }' "$times"
rm -f "$times"
