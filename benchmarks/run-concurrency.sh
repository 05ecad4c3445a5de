#!/usr/bin/env bash
# Runs ConcurrencyRunner: queries/s and p50/p90/p99 latency with 1, 2, 4 and 8 client threads, exact vector
# search at 100k and 1M vectors, and hybrid search end to end with real MiniLM (with and without the embedding).
#
#   benchmarks/run-concurrency.sh [-j JDK_HOME] [ConcurrencyRunner options...]
#
#   options  --sizes 100000,1000000  --threads 1,2,4,8  --warmup 3  --seconds 10  --data /tmp/scale-data
#            --dataset ../shared/eval/debian-known-item-dev  --docs all  --workloads vector,hybrid  --out-dir DIR
#
# Writes benchmarks/results/concurrency-jdkN.md and .csv (the chart renderer reads the CSV). Store files are
# shared with run-scale.sh under --data and generated when missing.
# Build the jar first: ./mvnw -B -q -o -pl benchmarks -am package -DskipTests -Djacoco.skip=true
# Run under the machine's benchmark lock: flock /work/bench.lock benchmarks/run-concurrency.sh ...
set -euo pipefail
# shellcheck source=java-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/java-env.sh" "$@"
shift "$jdk_args"
cd "$(dirname "$here")"
exec "$java" --add-modules=jdk.incubator.vector -Xmx8g -cp "$jar" dev.quiver.benchmarks.ConcurrencyRunner "$@"
