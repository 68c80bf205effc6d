#!/usr/bin/python3
"""Profiles one cold-start case: where the first calls' time goes, from a JFR recording.

Runs io.github.panagrad.bench.ColdStart once in a fresh JVM with a flight recording (every
compilation, execution samples every PERIOD, allocation samples, deoptimizations, GCs) and
-XX:+PrintCompilation, then summarises the span of the first WINDOW calls or steps:

- the calling thread's execution samples by the tier of the code on top of its stack:
  interpreted, C1 (tiers 1-3) or C2 (tier 4), an inlined frame counting as the compiled
  method holding it, and the methods most often there; and by the innermost Panagrad
  method and the tier it runs at (a Vector API call is an intrinsic only inside C2 code);
- the classes allocated most (JFR's sampled weights);
- for each method matching METHODS, when its first C1 and C2 compilation (OSR and normal)
  was installed, relative to the first call's start, and how long C2 took;
- the compilation time, deoptimizations and GC pauses in the span.

The recording slows the JVM's start and the compiler threads somewhat (JFR compiles its own
code too), so the shares are the point here, not the absolute times: bench/coldstart.py
gives those. Files go to OUT: the .jfr, the PrintCompilation log, ColdStart's JSON line and
summary.md.

Usage: coldstart_profile.py CASE [--engine vector] [--count N] [--window N] [--methods REGEX]
                            [--java JAVA] [--jvm-args ARGS] --out DIR
       (--jvm-args '-Dpanagrad.threads=1 -Dpanagrad.warmup=off': the vector code from the first call,
        without the library's warm-up)
"""

import argparse
import bisect
import collections
import datetime
import json
import os
import re
import shlex
import subprocess

from tables import table

BENCH = os.path.dirname(os.path.abspath(__file__))
JFR_SETTINGS = ("settings=profile,jdk.Compilation#threshold=0ms,jdk.ExecutionSample#period={period},"
                "jdk.ObjectAllocationSample#throttle=1000/s")
LIBRARY = "io/github/panagrad/"
EVENTS = "jdk.JVMInformation,jdk.Compilation,jdk.ExecutionSample,jdk.ObjectAllocationSample,jdk.Deoptimization,jdk.GCPhasePause"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", help="a ColdStart case, e.g. gemm:512x512x512:NN or train:1000x3-1")
    parser.add_argument("--engine", default="vector")
    parser.add_argument("--count", type=int, default=100, help="calls or steps made")
    parser.add_argument("--window", type=int, help="calls or steps summarised (default: COUNT)")
    parser.add_argument("--max-seconds", type=float, default=60)
    parser.add_argument("--methods", default=r"VectorGemm::|VectorKernels::",
                        help="regex of the methods whose compilations are listed")
    parser.add_argument("--period", default="1ms", help="execution sampling period")
    parser.add_argument("--java", default=os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                        if os.environ.get("JAVA_HOME") else "java")
    parser.add_argument("--jvm-args", default="-Dpanagrad.threads=1", help="more JVM options, shell-quoted")
    parser.add_argument("--jar", default=os.path.join(BENCH, "target", "benchmarks.jar"))
    parser.add_argument("--out", required=True, help="folder for the recording, the logs and summary.md")
    return parser.parse_args()


def record(args):
    """Runs the case under JFR; returns ColdStart's result and the recording's path."""
    os.makedirs(args.out, exist_ok=True)
    jfr = os.path.join(args.out, "recording.jfr")
    command = [args.java, "--add-modules", "jdk.incubator.vector", *shlex.split(args.jvm_args),
               f"-XX:StartFlightRecording=filename={jfr}," + JFR_SETTINGS.format(period=args.period),
               "-XX:+PrintCompilation", "-cp", args.jar, "io.github.panagrad.bench.ColdStart",
               args.case, args.engine, str(args.count), str(args.max_seconds)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    with open(os.path.join(args.out, "print-compilation.log"), "w") as f:
        f.write(done.stdout)
    line = [line for line in done.stdout.splitlines() if line.startswith("{")][-1]
    with open(os.path.join(args.out, "coldstart.json"), "w") as f:
        f.write(line + "\n")
    return json.loads(line), jfr, shlex.join(command)


def events(java, jfr):
    jfr_tool = os.path.join(os.path.dirname(java), "jfr") if os.path.dirname(java) else "jfr"
    output = subprocess.run([jfr_tool, "print", "--json", "--stack-depth", "64", "--events", EVENTS, jfr],
                            capture_output=True, text=True, check=True).stdout
    return json.loads(output)["recording"]["events"]


def instant(text):
    """A JFR time stamp as seconds since the epoch."""
    return datetime.datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", text).replace("Z", "+00:00")).timestamp()


def seconds(duration):
    """A JFR duration such as PT0.0123S as seconds."""
    match = re.fullmatch(r"PT(?:(\d+)M)?([\d.]+)S", duration)
    return (int(match.group(1) or 0) * 60 + float(match.group(2))) if match else 0.0


def method_name(method):
    return f"{method['type']['name'].rsplit('.', 1)[-1]}::{method['name']}"


class Compilations:
    """Every method's installed compilations (end time, tier, OSR), to tell the tier of a sampled frame."""

    def __init__(self, compile_events):
        self.by_method = collections.defaultdict(list)
        for event in compile_events:
            fields = event["values"]
            if not fields.get("succeded", fields.get("succeeded", True)):
                continue
            end = instant(fields["startTime"]) + seconds(fields["duration"])
            self.by_method[method_name(fields["method"])].append(
                (end, fields["compileLevel"], fields["isOsr"], seconds(fields["duration"])))
        for compiles in self.by_method.values():
            compiles.sort()

    def tier(self, method, when):
        """The highest tier of the method installed before `when` (0: none, interpreted)."""
        compiles = self.by_method.get(method, [])
        done = compiles[:bisect.bisect_right(compiles, (when, 99))]
        return max((level for _, level, _, _ in done), default=0)


def unit_tier(frames, index, when, compilations):
    """The tier of the code running frame `index`: its own, or for an inlined frame its compiled holder's."""
    for frame in frames[index:]:
        kind = frame["type"]
        if kind == "Interpreted":
            return "interpreted"
        if kind == "Native":
            return "native"
        if kind == "JIT compiled":
            level = compilations.tier(method_name(frame["method"]), when)
            return "C2" if level == 4 else "C1" if level in (1, 2, 3) else "compiled, tier unknown"
    return "other"


def library_frame(frames):
    """The index of the innermost Panagrad frame, or None."""
    return next((i for i, frame in enumerate(frames) if frame["method"]["type"]["name"].startswith(LIBRARY)), None)


def summarise(args, result, jfr, command):
    all_events = events(args.java, jfr)
    by_type = collections.defaultdict(list)
    for event in all_events:
        by_type[event["type"]].append(event)
    jvm_start = instant(by_type["jdk.JVMInformation"][0]["values"]["jvmStartTime"])
    first_call = jvm_start + result["uptime_ms_at_first_call"] / 1e3
    window = args.window or result["points"][-1]
    points = result["points"]
    index = max(i for i, p in enumerate(points) if p <= window)
    window, end = points[index], first_call + result["elapsed_ns"][index] / 1e9
    inside = lambda event: first_call <= instant(event["values"]["startTime"]) <= end  # noqa: E731
    compilations = Compilations(by_type["jdk.Compilation"])

    kinds, methods, library = collections.Counter(), collections.Counter(), collections.Counter()
    for event in filter(inside, by_type["jdk.ExecutionSample"]):
        fields = event["values"]
        if fields["sampledThread"]["javaName"] != "main" or not fields["stackTrace"]:
            continue
        frames, when = fields["stackTrace"]["frames"], instant(fields["startTime"])
        kind = unit_tier(frames, 0, when, compilations)
        kinds[kind] += 1
        methods[(method_name(frames[0]["method"]), kind)] += 1
        at = library_frame(frames)
        if at is not None:
            library[(method_name(frames[at]["method"]), unit_tier(frames, at, when, compilations),
                     "in the Vector API" if at > 0 and "vector" in frames[0]["method"]["type"]["name"] else "own code")] += 1
    samples = sum(kinds.values())
    allocations = collections.Counter()
    for event in filter(inside, by_type["jdk.ObjectAllocationSample"]):
        fields = event["values"]
        allocations[fields["objectClass"]["name"]] += fields["weight"]

    compiled = collections.defaultdict(dict)  # method -> {column: ms installed after the first call's start}
    for event in by_type["jdk.Compilation"]:
        fields = event["values"]
        name = method_name(fields["method"])
        if not re.search(args.methods, name):
            continue
        level, took = fields["compileLevel"], seconds(fields["duration"])
        installed = (instant(fields["startTime"]) + took - first_call) * 1e3
        column = "C2 OSR" if level == 4 and fields["isOsr"] else "C2" if level == 4 else "C1 OSR" if fields["isOsr"] else "C1"
        if column not in compiled[name] or installed < compiled[name][column][0]:
            compiled[name][column] = (installed, took * 1e3)
    columns = ("C1 OSR", "C1", "C2 OSR", "C2")
    compiled_rows = [[name] + [f"{c[column][0]:.0f}" if column in c else "—" for column in columns]
                     + [f"{c['C2'][1]:.0f}" if "C2" in c else "—"]
                     for name, c in sorted(compiled.items(), key=lambda item: item[1].get("C2", (1e12,))[0])]
    in_window = [e for e in by_type["jdk.Compilation"] if inside(e)]
    compile_seconds = collections.Counter()
    for event in in_window:
        compile_seconds["C2" if event["values"]["compileLevel"] == 4 else "C1"] += seconds(event["values"]["duration"])
    deopts = [e for e in by_type["jdk.Deoptimization"] if inside(e)]
    pauses = sum(seconds(e["values"]["duration"]) for e in by_type["jdk.GCPhasePause"] if inside(e))

    lines = [f"# Cold-start profile: {args.case} on {args.engine.upper()}",
             f"Command: `{command}`",
             f"First {window} call(s)/step(s): {result['elapsed_ns'][index] / 1e6:.1f} ms from the first call's start "
             f"(JVM uptime {result['uptime_ms_at_first_call']} ms); calling thread allocated "
             f"{result['alloc_bytes'][index] / 1e6:.1f} MB; compilation time in the span "
             f"C1 {compile_seconds['C1'] * 1e3:.0f} ms, C2 {compile_seconds['C2'] * 1e3:.0f} ms "
             f"({len(in_window)} compilations); {len(deopts)} deoptimizations; GC pauses {pauses * 1e3:.1f} ms.",
             f"## Calling thread's samples by the tier on top ({samples} samples, period {args.period})",
             table(["tier", "samples", "share"], [[k, n, f"{n / samples:.0%}"] for k, n in kinds.most_common()])
             if samples else "no samples",
             "## Samples by the innermost Panagrad method and the tier of the code running it",
             "Vector API calls run as intrinsics only inside C2-compiled library code; from interpreted or C1 code "
             "they run the API's Java fallback, which allocates a vector (and its array) per operation.",
             table(["Panagrad method", "its tier", "top of stack", "samples", "share"],
                   [[m, k, where, n, f"{n / samples:.0%}"] for (m, k, where), n in library.most_common(15)])
             if samples else "",
             "## Top methods on the calling thread",
             table(["method", "tier", "samples", "share"],
                   [[m, k, n, f"{n / samples:.0%}"] for (m, k), n in methods.most_common(15)]) if samples else "",
             "## Allocated classes (sampled weight)",
             table(["class", "MB"], [[c, f"{w / 1e6:.1f}"] for c, w in allocations.most_common(10)]),
             f"## First installed compilation of each tier, methods matching `{args.methods}`",
             f"ms after the first call's start (negative: before it); the first {window} call(s) end at "
             f"{result['elapsed_ns'][index] / 1e6:.0f} ms. C1 is tiers 1-3, C2 tier 4.",
             table(["method"] + [f"{c} installed" for c in columns] + ["C2 compile ms"], compiled_rows),
             "## Deoptimizations in the span",
             table(["method", "reason", "action", "line"],
                   [[method_name(e["values"]["method"]), e["values"].get("reason"), e["values"].get("action"),
                     e["values"].get("lineNumber")] for e in deopts[:20]]) if deopts else "none"]
    summary = "\n\n".join(lines) + "\n"
    with open(os.path.join(args.out, "summary.md"), "w") as f:
        f.write(summary)
    return summary


def main():
    args = parse_args()
    result, jfr, command = record(args)
    print(summarise(args, result, jfr, command))


if __name__ == "__main__":
    main()
