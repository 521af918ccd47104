// The trace language (.vtrace) of ../shared/trace-format.md: scenarios of vhost-vdpa uapi calls,
// their results and the state the model has between them. Line-oriented: one statement per line,
// '#' comments to the end of a line. Names (kernels, parents, bits, errnos, status bits) are
// words here; the tool checks them against the uapi, so a typo is reported by name, not as a
// syntax error.
grammar VTrace;

@header {
package org.vdpacheck.tool.trace.parse;
}

file      : blank* (scenario blank*)* EOF ;
blank     : COMMENT? NL ;

scenario  : 'scenario' STRING '{' COMMENT? NL line* '}' COMMENT? (NL | EOF) ;
line      : (header | op | expect)? COMMENT? NL ;

header    : 'kernel' word                        # kernel
          | 'parent' word                        # parent
          | 'client' word                        # client
          | 'asids' number                       # asids
          | 'groups' number                      # groups
          | 'option' word number                 # option
          ;

op        : call ('->' result)? ;
call      : 'open'
          | 'release'
          | 'set_owner'
          | 'get_backend_features'
          | 'set_backend_features' word*
          | 'get_features'
          | 'set_features' word*
          | 'update' asid iova size uaddr perm garble?
          | 'invalidate' asid iova size
          | 'batch_begin' asid?
          | 'batch_end' asid?
          | 'set_group_asid' 'group' number asid
          | 'set_status' status
          | 'suspend'
          | 'resume'
          | 'set_vring_enable' 'vq' number ('on' | 'off')
          | 'set_vring_addr' 'vq' number 'desc' number 'avail' number 'used' number
          | 'set_vring_base' 'vq' number 'num' number
          | 'get_vring_base' 'vq' number
          | 'dma' asid iova ('read' | 'write')
          | 'get_status'
          | 'get_vring_group' 'vq' number
          | 'get_vring_desc_group' 'vq' number
          | 'virtio_bind'
          // Tool extension: the argument is a bad address (NULL), so the request takes no words.
          | ('get_backend_features' | 'set_backend_features' | 'set_features' | 'set_status'
             | 'set_group_asid' | 'get_vring_group' | 'get_vring_desc_group' | 'set_vring_addr' | 'set_vring_base'
             | 'get_vring_base' | 'update' | 'invalidate' | 'batch_begin' | 'batch_end') 'bad_address'
          // Tool extension: the ring request's struct is readable only for its index.
          | ('get_vring_group' | 'get_vring_desc_group' | 'set_vring_addr' | 'set_vring_base' | 'get_vring_base')
             'vq' number 'index_only'
          | 'set_group_asid' 'group' number 'index_only'
          ;
// Tool extension: the UPDATE's struct vhost_msg_v2 written wrong: its first N bytes, another
// message type, or another IOTLB message type.
garble    : ('bytes' | 'msg_type' | 'iotlb_type') number ;
result    : 'ok' | 'identity' | 'fault' | number | word+ ;

expect    : 'expect' 'iotlb' asid table                    # expectIotlb
          | 'expect' 'device' asid ('identity' | table)    # expectDevice
          | 'expect' 'status' status                       # expectStatus
          | 'expect' 'backend_features' word*              # expectBackendFeatures
          | 'expect' 'group' number asid                   # expectGroup
          // Tool extension: v->in_batch with its batch_asid (none: not batching), and v->suspended
          // (v6.8+: yes or no). Words rather than keywords, so 'none', 'yes', 'no' stay names.
          | 'expect' 'batch' (asid | word)                 # expectBatch
          | 'expect' 'suspended' word                      # expectSuspended
          // Tool extension: whether the fd has an owner (vhost_dev_has_owner(): yes or no).
          | 'expect' 'owner' word                          # expectOwner
          // Tool extension: what the info ioctls answer on the open fd (VHOST_VDPA_GET_AS_NUM,
          // GET_GROUP_NUM, GET_VQS_COUNT, GET_DEVICE_ID, GET_VRING_NUM, GET_IOVA_RANGE): fixed
          // when the parent was created.
          | 'expect' ('as_num' | 'group_num' | 'vqs_count' | 'device_id' | 'vring_num') number  # expectCount
          | 'expect' 'iova_range' number number            # expectIovaRange
          ;
table     : 'empty' | '{' entry* '}' ;
entry     : number size uaddr perm ;

asid      : 'asid' number ;
iova      : 'iova' number ;
size      : 'size' number ;
uaddr     : 'uaddr' number ;
perm      : 'perm' ('ro' | 'wo' | 'rw') ;
status    : number | word+ ;
number    : NUMBER ;
word      : WORD ;

NUMBER    : '0x' [0-9a-fA-F]+ | [0-9]+ ;
WORD      : [A-Za-z_] [A-Za-z0-9_.+\-]* ;
STRING    : '"' (~["\\\r\n] | '\\' ["\\])* '"' ;
COMMENT   : '#' ~[\r\n]* ;
NL        : '\r'? '\n' ;
WS        : [ \t]+ -> skip ;
