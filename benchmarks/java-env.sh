# Sourced by the run-*.sh scripts with their arguments: sets `here` (this directory), `jar` (the benchmarks jar,
# or $QUIVER_BENCH_JAR) and `java`; a leading `-j JDK_HOME` picks the JDK, and `jdk_args` says how many
# arguments the caller then shifts off.
here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
jar="${QUIVER_BENCH_JAR:-$here/target/benchmarks.jar}"
jdk="${JAVA_HOME:-}"
jdk_args=0
if [[ "${1:-}" == "-j" ]]; then jdk="$2"; jdk_args=2; fi
java="${jdk:+$jdk/bin/}java"
[[ -f "$jar" ]] || { echo "$(basename "${BASH_SOURCE[1]}"): build $jar first" >&2; exit 2; }
