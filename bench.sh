#!/bin/sh
# The datapath benchmarks as one table: translate() optimised vs the reference (16, 1k, 64k
# mappings; random and sequential), region rebuild after a batch, loopback packets per second.
#   ./bench.sh          short run, under two minutes
#   ./bench.sh --full   the figures in README.md (JMH -f 1 -wi 3 -i 5, 1 s each)
set -e
cd "$(dirname "$0")"
mvn -B -q -DskipTests package -pl bench -am
mode=--short
[ "$1" = "--full" ] && mode=
exec java -cp "bench/target/vdpacheck-bench.jar:bench/target/lib/*" org.vdpacheck.bench.BenchTable $mode
