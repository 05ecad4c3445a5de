#!/usr/bin/env bash
# Runs PeerRunner: Quiver beside LangChain4j's InMemoryEmbeddingStore and sqlite-vec, one JVM, same vectors.
#
#   benchmarks/run-peers.sh [-j JDK_HOME] [PeerRunner options...]
#
#   -j JDK_HOME  the JDK to run on (default: $JAVA_HOME, else the 'java' on PATH), e.g.
#                /usr/lib/jvm/java-17-openjdk-amd64 or /usr/lib/jvm/temurin-25-jdk-amd64
#   options      --sizes 1375,20000,100000  --rounds 30  --lc4j-max 100000  --sqlite-vec PATH  --out FILE
#
# The table goes to stdout and to benchmarks/results/peers-jdkN.md. sqlite-vec runs when
# benchmarks/peers/install-sqlite-vec.sh has put vec0.so under benchmarks/target/peers/. The jar is built
# (mvn -pl benchmarks -am, so this worktree's core is used) when missing or older than any source.
# Never run two benchmarks at once on this machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

jdk="${JAVA_HOME:-}"
# -j and -h by hand: getopts would take PeerRunner's --options for its own.
while [[ $# -gt 0 ]]; do
  case "$1" in
    -j) [[ $# -ge 2 ]] || { echo "run-peers.sh: -j needs a JDK_HOME" >&2; exit 2; }; jdk="$2"; shift 2 ;;
    -h) sed -n '2,13p' "$0"; exit 0 ;;
    *) break ;;
  esac
done

if [[ -n "$jdk" ]]; then
  java="$jdk/bin/java"
else
  java="$(command -v java)" || { echo "run-peers.sh: no JDK: pass -j JDK_HOME or set JAVA_HOME" >&2; exit 2; }
fi
[[ -x "$java" ]] || { echo "run-peers.sh: $java is not an executable java" >&2; exit 2; }

if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/core/src/main" "$root/cli/src/main" "$here/src/main" "$here/pom.xml" \
    "$root/core/pom.xml" "$root/pom.xml" -newer "$jar" -type f -print -quit)" ]]; then
  echo "run-peers.sh: building $jar" >&2
  (cd "$root" && mvn -q -B -pl benchmarks -am install -DskipTests)
fi

echo "run-peers.sh: $java" >&2
exec "$java" --add-modules=jdk.incubator.vector -Xmx8g -cp "$jar" dev.quiver.benchmarks.PeerRunner "$@"
