#!/bin/sh
# make-initramfs.sh OUT TESTDIR INIT: a gzip'd newc initramfs holding the host's static busybox,
# iproute2's `vdpa` with the libraries it loads, the test programs of TESTDIR (dynamically linked:
# their libc comes along once, instead of once per static program) and INIT as /init.
set -eu
out=$1 tests=$2 init=$3
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tests"
cp "$(command -v busybox)" "$root/bin/busybox"
vdpa=$(command -v vdpa || ls /usr/sbin/vdpa /sbin/vdpa 2>/dev/null | head -n 1)
cp "$vdpa" "$root/bin/vdpa"
cp "$tests"/* "$root/tests/"
for lib in $(ldd "$vdpa" "$tests"/* | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done
cp "$init" "$root/init"
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
