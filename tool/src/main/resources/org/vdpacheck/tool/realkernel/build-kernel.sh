#!/bin/sh
# build-kernel.sh SERIES WORKDIR OUT: fetch Debian's linux-source-SERIES (6.1 from bookworm, 6.12
# from bookworm-backports) through a private apt configuration under WORKDIR (the system's sources
# and lists are left alone), build a small bzImage with the in-tree vdpa_sim_net and vhost_vdpa, and
# write it to OUT, then OUT.version (the Debian package version it was built from).
# vdpacheck runs this only when OUT is missing; OUT's directory name carries the hash of this file.
set -eu
series=$1 work=$2 out=$3
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/deb"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
cat > "$work/apt/sources.list" <<LIST
deb [signed-by=$keyring] http://deb.debian.org/debian bookworm main
deb [signed-by=$keyring] http://deb.debian.org/debian-security bookworm-security main
deb [signed-by=$keyring] http://deb.debian.org/debian bookworm-backports main
LIST
apt() {
    apt-get -q -o Dir::Etc::sourcelist="$work/apt/sources.list" -o Dir::Etc::sourceparts=/nonexistent \
        -o Dir::State::Lists="$work/apt/lists" -o Dir::Cache="$work/apt/cache" \
        -o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}
echo "fetching linux-source-$series"
apt update >/dev/null
(cd "$work/deb" && rm -f linux-source-"$series"_*.deb && apt download "linux-source-$series" >/dev/null)
deb=$(ls "$work/deb"/linux-source-"$series"_*.deb)
version=$(dpkg-deb -f "$deb" Version)
src="$work/src-$series"
rm -rf "$src" && mkdir -p "$src"
echo "unpacking linux-source-$series $version"
dpkg-deb --fsys-tarfile "$deb" | tar -x -O "./usr/src/linux-source-$series.tar.xz" | tar -xJ -C "$src" --strip-components=1
rm -f "$deb"
cd "$src"
make -s tinyconfig
# What the guest needs: a serial console, an initramfs of busybox and dynamically linked test
# programs, netlink for `vdpa dev add`, memfd and hugetlbfs for guest RAM, and the vdpa stack.
./scripts/config -e 64BIT -e PRINTK -e TTY -e SERIAL_8250 -e SERIAL_8250_CONSOLE -e BLK_DEV_INITRD \
    -e RD_GZIP -e BINFMT_ELF -e BINFMT_SCRIPT -e PROC_FS -e SYSFS -e DEVTMPFS -e DEVTMPFS_MOUNT \
    -e MULTIUSER -e FUTEX -e EPOLL -e EVENTFD -e SHMEM -e TMPFS -e MEMFD_CREATE -e HUGETLBFS \
    -e HUGETLB_PAGE -e PCI -e NET -e NETDEVICES -e UNIX -e INET -e RUNTIME_TESTING_MENU -e VDPA \
    -e VDPA_SIM -e VDPA_SIM_NET -e VHOST_MENU -e VHOST -e VHOST_IOTLB -e VHOST_VDPA -e POSIX_TIMERS
make -s olddefconfig
for opt in VDPA_SIM_NET VHOST_VDPA HUGETLBFS MEMFD_CREATE DEVTMPFS BLK_DEV_INITRD; do
    grep -q "^CONFIG_$opt=y" .config || { echo "CONFIG_$opt did not stay enabled" >&2; exit 1; }
done
echo "building bzImage of $version with $(nproc) jobs"
make -s -j"$(nproc)" bzImage
cp arch/x86/boot/bzImage "$out.tmp"
echo "$version" > "$out.version"
mv "$out.tmp" "$out"
cd / && rm -rf "$src"
