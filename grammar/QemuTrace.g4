// One line of a QEMU `log` trace-backend log (`-trace 'vhost_vdpa_*'`), QEMU 5.2 to 10.x: the
// vhost_vdpa_* events of hw/virtio/trace-events and net/trace-events, and the error_report()
// line vhost_vdpa_dma_map()/dma_unmap() print when the write(2) of an IOTLB message fails.
// The reader hands this parser only lines that look like one of these, without their log prefix
// (TID@SECONDS.MICROS:, an ISO-8601 UTC time, ...: QemuLog checks it); the rest of a log (other
// trace events, guest console, shell echo) never reaches it.
grammar QemuTrace;

@header {
package org.vdpacheck.tool.qemu.parse;
}

line      : (event | failure) EOF ;

// vhost_vdpa_dma_map()/dma_unmap() (hw/virtio/vhost-vdpa.c): "failed to write, fd=%d, errno=%d (%s)".
failure   : PROGRAM 'failed' 'to' 'write' ',' 'fd=' num ',' 'errno=' num TEXT? ;

event
  // 5.2-7.2 "vdpa:%p fd: %d msg_type: %u iova: ... perm: 0x%x type: %u"; 8.0 adds "asid: %u";
  // 9.0 renames the label "vdpa_shared:%p".
  : 'vhost_vdpa_dma_map' shared 'fd:' num 'msg_type:' num ('asid:' num)? 'iova:' num 'size:' num
      'uaddr:' num 'perm:' num 'type:' num                                              # dmaMap
  | 'vhost_vdpa_dma_unmap' shared 'fd:' num 'msg_type:' num ('asid:' num)? 'iova:' num 'size:' num
      'type:' num                                                                       # dmaUnmap
  // Si-Wei Liu's downstream tree names them iotlb_begin_batch / iotlb_end_batch.
  | ('vhost_vdpa_listener_begin_batch' | 'vhost_vdpa_iotlb_begin_batch') shared 'fd:' num
      'msg_type:' num 'type:' num                                                       # batchBegin
  | ('vhost_vdpa_listener_commit' | 'vhost_vdpa_iotlb_end_batch') shared 'fd:' num
      'msg_type:' num 'type:' num                                                       # batchEnd
  | 'vhost_vdpa_add_status' dev 'status:' num                                           # addStatus
  // "dev: %p status: 0x%x" up to 8.0, "dev: %p" from 8.1.
  | 'vhost_vdpa_reset_device' dev ('status:' num)?                                      # resetDevice
  | 'vhost_vdpa_suspend' dev                                                            # suspend
  // "dev: %p" (5.2-7.2), "dev: %p, idx: %u, r: %d" (8.x), then set_vring_enable_one (9.0).
  | 'vhost_vdpa_set_vring_ready' dev (',' 'idx:' num ',' 'r:' num)?                     # vringReady
  | 'vhost_vdpa_set_vring_enable_one' dev ',' 'idx:' num ',' 'enable:' num ',' 'r:' num # vringEnableOne
  // net/trace-events, 9.0+.
  | 'vhost_vdpa_set_address_space_id' 'vhost_vdpa:' ptr 'vq_group:' num 'asid:' num    # setAsid
  // "dev: %p vdpa: %p" until 8.2, "dev: %p, common dev: %p vdpa: %p" from 9.0.
  | 'vhost_vdpa_init' dev (',' 'common' 'dev:' ptr)? 'vdpa:' ptr                        # init
  | 'vhost_vdpa_set_owner' dev                                                          # setOwner
  | 'vhost_vdpa_set_features' dev 'features:' num                                       # setFeatures
  // Si-Wei Liu's IOTLB_PERSIST series (posted Dec 2023) and downstream tree: never upstream.
  | 'vhost_vdpa_maybe_flush_map' dev 'registered:' num 'flush_map:' num 'iotlb_persistent:' num # maybeFlush
  | 'vhost_vdpa_flush_map' dev 'doit:' num 'svq_flush:' num 'persist:' num              # flushMap
  // Events replay has no use for (config dumps, vring set-up, memory-table traces, listener
  // region_add/del, dev_start, cleanup, net/ CVQ commands, ...): recognised by name; their
  // arguments are not read, so the reader hands their lines to no parser (a third of a log).
  | OTHER_VDPA_EVENT .*?                                                                # other
  ;

shared    : ('vdpa:' | 'vdpa_shared:') ptr ;
dev       : 'dev:' ptr ;
ptr       : HEX | NIL ;
num       : HEX | DEC ;

// glibc prints a NULL %p as (nil).
NIL       : '(nil)' ;
// error_report() prefixes the program name (error_get_progname()): qemu-system-x86_64, qemu-kvm, ...
PROGRAM   : 'qemu' [A-Za-z0-9_.\-]* ':' ;
// strerror(errno) in parentheses ends the failure line.
TEXT      : '(' ~[)\r\n]* ')' ;
OTHER_VDPA_EVENT : 'vhost_vdpa_' [A-Za-z0-9_]+ ;
HEX       : '0x' [0-9a-fA-F]+ ;
DEC       : '-'? DIGIT+ ;
WS        : [ \t\r\n]+ -> skip ;
// Anything else (an unused event's arguments) is a token of its own, so no line fails to lex.
ANY       : ~[ \t\r\n] ;

fragment DIGIT : [0-9] ;
