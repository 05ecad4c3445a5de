#!/usr/bin/env bash
# Runs Quiver's JMH benchmarks on one JDK and keeps the results as JSON.
#
#   benchmarks/run-jmh.sh [-j JDK_HOME] [-n NAME] [JMH arguments...]
#
#   -j JDK_HOME  the JDK to run on (default: $JAVA_HOME, else the 'java' on PATH), e.g.
#                /usr/lib/jvm/java-17-openjdk-amd64 or /usr/lib/jvm/temurin-25-jdk-amd64
#   -n NAME      results go to benchmarks/results/NAME-jdkN.json (default: kernels)
#   JMH args     passed to org.openjdk.jmh.Main (default: KernelBenchmark). A quick run:
#                benchmarks/run-jmh.sh -j /usr/lib/jvm/temurin-25-jdk-amd64 KernelBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s
#
# The jar is built (with Maven's default JDK; it targets Java 17) when it is missing or older than
# any source of core or benchmarks. Run one benchmark at a time on a quiet machine: two JMH runs
# side by side measure each other.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

jdk="${JAVA_HOME:-}"
name="kernels"
while getopts "j:n:h" opt; do
  case "$opt" in
    j) jdk="$OPTARG" ;;
    n) name="$OPTARG" ;;
    h) sed -n '2,14p' "$0"; exit 0 ;;
    *) sed -n '2,14p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [[ $# -eq 0 ]]; then
  set -- KernelBenchmark
fi

if [[ -n "$jdk" ]]; then
  java="$jdk/bin/java"
else
  java="$(command -v java)" || { echo "run-jmh.sh: no JDK: pass -j JDK_HOME or set JAVA_HOME" >&2; exit 2; }
fi
[[ -x "$java" ]] || { echo "run-jmh.sh: $java is not an executable java" >&2; exit 2; }

# Major version from the running JVM itself (java.specification.version is "17", "25", ...).
major="$("$java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')"
[[ -n "$major" ]] || { echo "run-jmh.sh: cannot tell the version of $java" >&2; exit 2; }

if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/core/src/main" "$here/src/main" "$here/pom.xml" "$root/core/pom.xml" -newer "$jar" -type f -print -quit)" ]]; then
  echo "run-jmh.sh: building $jar" >&2
  (cd "$root" && mvn -q -B -pl core,benchmarks package -DskipTests)
fi

mkdir -p "$here/results"
out="$here/results/$name-jdk$major.json"
echo "run-jmh.sh: $java (JDK $major) -> $out" >&2
"$java" -jar "$jar" "$@" -rf json -rff "$out"
