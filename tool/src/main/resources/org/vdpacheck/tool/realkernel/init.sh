#!/bin/busybox sh
# PID 1 of the vdpacheck guest: every program in /tests runs against a vdpasim_net device created
# for it alone (a scenario starts from a fresh device, as replay's does), with a bound of its own,
# and the guest reboots (qemu -no-reboot: exits) when all have run.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "vdpacheck-guest $(uname -r) batch_mapping=$(cat /sys/module/vdpa_sim/parameters/batch_mapping 2>/dev/null)"
for t in /tests/*; do
    name=${t##*/}
    echo "vdpacheck-run $name"
    if ! vdpa dev add name vdpa0 mgmtdev vdpasim_net; then
        echo "vdpacheck-error $name: vdpa dev add failed"
        continue
    fi
    node=
    for i in 1 2 3 4 5 6 7 8 9 10; do
        node=$(ls /dev/vhost-vdpa-* 2>/dev/null | head -n 1)
        [ -n "$node" ] && break
        sleep 1
    done
    timeout 20 "$t" "$node"
    echo "vdpacheck-exit $name $?"
    vdpa dev del vdpa0
done
echo vdpacheck-done
reboot -f
