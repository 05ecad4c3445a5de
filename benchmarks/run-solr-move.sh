#!/usr/bin/env bash
# Runs SolrMoveRunner: items/s of a move into a 2-shard x 2-replica collection on a 2-node mini cluster, and back.
#
#   benchmarks/run-solr-move.sh [-j JDK_HOME] [--items 2000] [--reps 3] [--batch 500] [--hold-seconds 0]
#
# Build first, as for run-solr-recall.sh (the same class path file):
#   ./mvnw -B -q -o -pl benchmarks -am test-compile dependency:build-classpath \
#     -Djacoco.skip=true -Dmdep.outputFile="$PWD/benchmarks/target/solr-recall.classpath"
# Run under the machine's benchmark lock: flock /work/bench.lock benchmarks/run-solr-move.sh ...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cp_file="$here/target/solr-recall.classpath"
jdk="${JAVA_HOME:-}"
if [[ "${1:-}" == "-j" ]]; then jdk="$2"; shift 2; fi
java="${jdk:+$jdk/bin/}java"
[[ -f "$cp_file" ]] || { echo "run-solr-move.sh: build $cp_file first (see the header)" >&2; exit 2; }
exec "$java" --add-modules=jdk.incubator.vector -Xmx1g -Dzookeeper.4lw.commands.whitelist='*' \
  -Dsolr.log.dir="$here/target/solr-logs" -cp "$here/target/classes:$(cat "$cp_file")" \
  dev.quiver.benchmarks.SolrMoveRunner --dir "$here/target/solr-move" "$@"
