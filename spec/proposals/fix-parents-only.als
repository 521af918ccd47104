module proposals/fix_parents_only
-- Jason Wang, 16 Aug 2023, on RFC 4/4: "I guess we can just fix the simulator and mlx5 then we
-- are fine?" A kernel with no new feature bit and no reset_map: the on-chip parents simply stop
-- cleaning their maps on .reset. Si-Wei's answer: then new userspace cannot tell this kernel
-- from an older one, and nothing puts virtio-vdpa's 1:1 map back after vhost-vdpa.
open vdpacheck

one sig FixParents extends Kernel {}
fact fixParentsOnly { FixParents.changes = V66.changes + ParentsKeepMapsOnReset }
