#!/usr/bin/env python3
"""Render JMH JSON results (``-rf json``) as a Markdown table, with footnotes.

    benchmarks/jmh-table.py benchmarks/results/kernels-jdk17.json benchmarks/results/kernels-jdk25.json

Score is the median of every measurement iteration of every fork (JMH's raw data), not JMH's mean:
one slow iteration (a GC, a neighbour's build) moves a mean but barely a median. Spread is the
minimum and maximum of the same raw data, so the reader sees the noise, not a confidence interval
that assumes it is normal.

A second table gives ratios for benchmark pairs that differ only in a name suffix (``dotScalar``
vs ``dotSimd``, ``scanDotLoopSimd`` vs ``scanDotManySimd``) with the same params and JDK, as
"how many times faster the second is". Footnotes: JDK and VM of each file, the JVM arguments, the
JMH run settings, the CPU model from /proc/cpuinfo, and the git commit the table was rendered at.
Standard library only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

# (slower-or-baseline suffix, candidate suffix): "dotScalar" pairs with "dotSimd".
DEFAULT_PAIRS = "Scalar:Simd,LoopSimd:ManySimd,ScalarOneAccumulator:Scalar"


def load(paths):
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for result in json.load(f):
                result["_file"] = os.path.basename(path)
                rows.append(result)
    return rows


def raw_data(result):
    return [x for fork in result["primaryMetric"]["rawData"] for x in fork]


def jdk_label(result):
    return result.get("jdkVersion", "?").split(".")[0].split("-")[0].split("+")[0]


def params_label(result):
    params = result.get("params") or {}
    return ", ".join(f"{k}={v}" for k, v in sorted(params.items()))


def fmt(value):
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def short_name(result):
    return result["benchmark"].rsplit(".", 2)[-2] + "." + result["benchmark"].rsplit(".", 1)[-1]


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
            else:
                model = "unknown"
        return f"{model}, {os.cpu_count()} logical CPUs"
    except OSError:
        return "unknown (no /proc/cpuinfo)"


def git_commit():
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=here, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", "../core/src"], cwd=here,
                               capture_output=True, text=True).stdout.strip()
        return head + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="JMH JSON result files")
    parser.add_argument("--pairs", default=DEFAULT_PAIRS,
                        help="comma-separated baseline:candidate name suffixes for the ratio table "
                             f"(default {DEFAULT_PAIRS}); empty for none")
    args = parser.parse_args(argv)

    rows = load(args.files)
    if not rows:
        sys.exit("jmh-table.py: no results in " + ", ".join(args.files))

    out = ["| Benchmark | Params | JDK | Score (median) | Spread (min–max) | Unit |",
           "|---|---|---|--:|--:|---|"]
    medians = {}
    for r in sorted(rows, key=lambda r: (short_name(r), params_label(r), int(jdk_label(r) or 0))):
        data = raw_data(r)
        median = statistics.median(data)
        unit = r["primaryMetric"]["scoreUnit"]
        medians[(r["benchmark"], params_label(r), jdk_label(r))] = (median, r["mode"])
        out.append(f"| {short_name(r)} | {params_label(r)} | {jdk_label(r)} | {fmt(median)} "
                   f"| {fmt(min(data))}–{fmt(max(data))} | {unit} |")

    ratios = []
    for pair in filter(None, args.pairs.split(",")):
        base_suffix, cand_suffix = pair.split(":")
        for (bench, params, jdk), (base, mode) in sorted(medians.items()):
            if not bench.endswith(base_suffix):
                continue
            cand_name = bench[: -len(base_suffix)] + cand_suffix
            if cand_name == bench or (cand_name, params, jdk) not in medians:
                continue
            cand = medians[(cand_name, params, jdk)][0]
            # Time modes: smaller is faster. Throughput: larger is faster.
            speedup = base / cand if mode in ("avgt", "sample", "ss") else cand / base
            ratios.append(f"| {bench.rsplit('.', 1)[-1]} → {cand_name.rsplit('.', 1)[-1]} "
                          f"| {params} | {jdk} | {speedup:.2f}x |")
    if ratios:
        out += ["", "| Baseline → candidate | Params | JDK | Candidate speedup (median/median) |",
                "|---|---|---|--:|"] + ratios

    out.append("")
    seen = set()
    for r in rows:
        key = (r["_file"], r.get("jdkVersion"), r.get("vmName"), r.get("vmVersion"),
               tuple(r.get("jvmArgs", [])))
        if key in seen:
            continue
        seen.add(key)
        out.append(f"- `{r['_file']}`: JDK {r.get('jdkVersion', '?')}, {r.get('vmName', '?')} "
                   f"{r.get('vmVersion', '')}; JVM args `{' '.join(r.get('jvmArgs', [])) or '(none)'}`; "
                   f"JMH {r.get('jmhVersion', '?')}, {r.get('forks', '?')} fork(s), "
                   f"{r.get('warmupIterations', '?')}×{r.get('warmupTime', '?')} warm-up, "
                   f"{r.get('measurementIterations', '?')}×{r.get('measurementTime', '?')} "
                   f"measurement, {r.get('threads', '?')} thread(s), mode {r.get('mode', '?')}.")
    out.append(f"- CPU: {cpu_model()}.")
    out.append(f"- Rendered at commit `{git_commit()}`; score = median of raw iteration data, "
               "spread = its min–max.")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
