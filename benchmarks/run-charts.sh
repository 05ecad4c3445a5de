#!/usr/bin/env bash
# Renders the benchmark results to PNG charts with ChartRenderer (XChart): JMH's search-codes-jdk*.json and the
# runners' CSV files (peers-, scale-, concurrency-jdk*.csv) under benchmarks/results, into benchmarks/results/charts.
#
#   benchmarks/run-charts.sh [-j JDK_HOME] [--results DIR] [--out DIR]
#
# Not a measurement: no lock needed. Build the jar first:
#   ./mvnw -B -q -o -pl benchmarks -am package -DskipTests -Djacoco.skip=true
set -euo pipefail
# shellcheck source=java-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/java-env.sh" "$@"
shift "$jdk_args"
cd "$(dirname "$here")"
exec "$java" -Djava.awt.headless=true -cp "$jar" dev.quiver.benchmarks.ChartRenderer "$@"
