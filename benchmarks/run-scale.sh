#!/usr/bin/env bash
# Runs ScaleRunner: open time (fresh JVM per open), heap after load and persisted backfill at N vectors.
#
#   benchmarks/run-scale.sh [-j JDK_HOME] [ScaleRunner options...]
#
#   options  --sizes 100000,1000000  --reps 5  --backfill-reps 3  --data /tmp/scale-data  --payload plain|chat
#            --out FILE
#
# Build the jar first: ./mvnw -B -q -o -pl benchmarks -am package -DskipTests -Djacoco.skip=true
# Run under the machine's benchmark lock: flock /work/bench.lock benchmarks/run-scale.sh ...
set -euo pipefail
# shellcheck source=java-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/java-env.sh" "$@"
shift "$jdk_args"
exec "$java" --add-modules=jdk.incubator.vector -Xmx8g -cp "$jar" dev.quiver.benchmarks.ScaleRunner "$@"
