#!/usr/bin/env bash
# Runs SolrRecallRunner: Solr's HNSW recall@10 against Quiver's exact scan, and each vector mode's latency.
#
#   benchmarks/run-solr-recall.sh [-j JDK_HOME] [SolrRecallRunner options...]
#
#   options  --dataset DIR  --docs 2000|all  --reps 2  --cache benchmarks/target/solr-recall  --out FILE
#
# Build first (the cluster is a provided dependency, outside benchmarks.jar, so this runs from the class path):
#   ./mvnw -B -q -o -pl benchmarks -am test-compile dependency:build-classpath \
#     -Djacoco.skip=true -Dmdep.outputFile="$PWD/benchmarks/target/solr-recall.classpath"
# Run under the machine's benchmark lock: flock /work/bench.lock benchmarks/run-solr-recall.sh ...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cp_file="$here/target/solr-recall.classpath"
jdk="${JAVA_HOME:-}"
if [[ "${1:-}" == "-j" ]]; then jdk="$2"; shift 2; fi
java="${jdk:+$jdk/bin/}java"
[[ -f "$cp_file" ]] || { echo "run-solr-recall.sh: build $cp_file first (see the header)" >&2; exit 2; }
exec "$java" --add-modules=jdk.incubator.vector -Xmx2g -cp "$here/target/classes:$(cat "$cp_file")" \
  dev.quiver.benchmarks.SolrRecallRunner "$@"
