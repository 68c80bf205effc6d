#!/usr/bin/python3
"""Measures Panagrad's cold start: every measurement in a fresh JVM (or Python process).

For each case (the first calls of a kernel, the first steps of a training model) and each
engine (Panagrad SCALAR and VECTOR; PyTorch and any added engine for the training models)
it starts FORKS fresh processes, one at a time, in rounds: each round runs every
(case, engine) pair once, in a shuffled order, so that a change of load on this shared
machine falls on all of them alike; each round first waits until the rest of the machine is
quiet (--quiet), and each record keeps how many cores other work kept busy just before it. A Panagrad process runs io.github.panagrad.bench.ColdStart
(the timing loop CallTimer), a PyTorch process bench/coldstart_pytorch.py; each prints one
JSON line of cumulative times at the checkpoints 1, 2, 3, 5, 10, ... calls or steps, which
goes, with the case, the engine, the round and the process's wall time, into
OUT/runs.jsonl as it arrives. OUT/run.json holds the machine, the JVM and this
configuration. A variant (--variant [ENGINE/]NAME=JVM_ARGS: a system property, an AOT cache)
runs each Panagrad engine, or only ENGINE, again with more JVM options, as an engine of its
own in the same rounds, so that it meets the same load. By default VECTOR runs as the library
does, with its warm-up, and again without it (the variant vector/warmup-off,
-Dpanagrad.warmup=off). bench/coldstart_render.py turns a folder of such results into tables
and charts (medians over the forks, min–max, ratios against SCALAR and PyTorch).

An added engine (--engine NAME=COMMAND) is a command that takes the arguments
`train:MODEL COUNT MAX_SECONDS` and prints one JSON line in ColdStart's format (`points`
and `elapsed_ns` at least); for Java, a main that builds its step as a Runnable and times it
with CallTimer.time. --djl-jar JAR adds two such engines from the jar of the Maven profile
native-peers (NATIVE_PEERS=1 bench/build): PyTorch through DJL, io.github.panagrad.bench.DjlColdStart,
its step written with NDArrays and a GradientCollector (djl-autograd) or with DJL's Trainer
API (djl-trainer), as in DjlTrainingStepBenchmark.

Usage: coldstart.py [--out DIR] [--forks N] [--jvm-args ARGS] [--cases REGEX] [--engines LIST]
                    [--engine NAME=COMMAND] [--variant [ENGINE/]NAME=JVM_ARGS] [--smoke] ...   (--help lists all)
"""

import argparse
import datetime
import json
import os
import random
import re
import shlex
import subprocess
import sys
import time

from machine import busy_cores, facts, load_average

BENCH = os.path.dirname(os.path.abspath(__file__))
JDK_25 = "/usr/lib/jvm/temurin-25-jdk-amd64"
VECTOR_MODULE = ["--add-modules", "jdk.incubator.vector"]
PANAGRAD_ENGINES = ("scalar", "vector")
# The variant measured unless --variant says otherwise: VECTOR without the library's warm-up.
WARMUP_OFF = "vector/warmup-off=-Dpanagrad.warmup=off"

# The kernels' first calls: gemm on the MLP's forward product (784 -> 256 at batch 128,
# X·Wᵀ) and a square; every streaming kernel at an L1- and an L3-sized n (bench Sizes.java);
# columnSums and addRowVector on the seed model's 1000 x 1 and the suite's L3 matrix.
STREAMING = ("relu", "reluBackward", "axpy", "add", "sub", "mul", "scale", "sum", "dot", "mse", "mseBackward",
             "sgdStep", "adamStep")
KERNEL_CASES = (["gemm:128x256x784:NT", "gemm:512x512x512:NN"]
                + [f"{kernel}:{n}" for kernel in STREAMING for n in (1000, 1000003)]
                + [f"{kernel}:{shape}" for kernel in ("columnSums", "addRowVector") for shape in ("1000x1", "1001x1003")])
# The models of TrainingStepBenchmark.
TRAINING_CASES = ["train:1000x3-1", "train:1000x3-8-1", "train:128x784-256-10", "train:256x784-512-512-10"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--out", help="results folder (default bench/results/<UTC date>-coldstart)")
    parser.add_argument("--forks", type=int, default=10, help="fresh processes per case and engine")
    parser.add_argument("--java", default=os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                        if os.environ.get("JAVA_HOME") else "java",
                        help=f"the java launcher (default $JAVA_HOME/bin/java, else java; JDK 25: {JDK_25}/bin/java)")
    parser.add_argument("--jvm-args", default="-Dpanagrad.threads=1",
                        help="JVM options after --add-modules jdk.incubator.vector, shell-quoted, e.g. "
                             "'-Dpanagrad.threads=1 -Dpanagrad.warmup=off' or '-XX:AOTCache=app.aot'")
    parser.add_argument("--jar", default=os.path.join(BENCH, "target", "benchmarks.jar"), help="the benchmarks jar")
    parser.add_argument("--build", action="store_true", help="run bench/build first")
    parser.add_argument("--python", default="/usr/bin/python3", help="the Python with PyTorch (Debian's)")
    parser.add_argument("--cases", default=".*", help="only the cases matching this regex (re.search)")
    parser.add_argument("--engines",
                        help="comma-separated engines: scalar, vector, pytorch and the names of --engine and "
                             "--djl-jar (default: scalar,vector,pytorch and those of --djl-jar)")
    parser.add_argument("--engine", action="append", default=[], metavar="NAME=COMMAND",
                        help="an added engine for the training cases (see the module docstring); repeatable")
    parser.add_argument("--djl-jar", metavar="JAR",
                        help="the benchmarks jar with the native peers (bench/target/native-peers/benchmarks.jar): "
                             "adds the engines djl-autograd and djl-trainer")
    parser.add_argument("--calls", type=int, default=10, help="calls timed per kernel case")
    parser.add_argument("--steps", type=int, default=1000, help="steps timed per training case")
    parser.add_argument("--max-seconds", type=float, default=12.0,
                        help="no call or step starts this long after the first (the slow SCALAR models stop early)")
    parser.add_argument("--variant", action="append", metavar="[ENGINE/]NAME=JVM_ARGS",
                        help="a variant of each Panagrad engine (of ENGINE only, when given), measured in the same "
                             "rounds as an engine of its own (e.g. vector/NAME), its JVM started with these options "
                             "added; repeatable, and given at all it replaces the default; 'none' for none. "
                             f"E.g. 'aot=-XX:AOTCache=app.aot' (default: '{WARMUP_OFF}')")
    parser.add_argument("--label", default="", help="a name for this sweep in the report, e.g. 'JDK 25, AOT cache'")
    parser.add_argument("--quiet", type=float, default=0.3, metavar="CORES",
                        help="before each round, wait until other work keeps at most this many cores busy "
                             "(measured over 0.3 s), at most --quiet-wait; 0 waits for nothing")
    parser.add_argument("--quiet-wait", type=float, default=60, metavar="SECONDS",
                        help="the longest wait for quiet before a round, then it runs anyway")
    parser.add_argument("--seed", type=int, default=1, help="seed of the shuffled order within a round")
    parser.add_argument("--smoke", action="store_true",
                        help="2 forks of one gemm, one kernel and one model, few calls, no wait for quiet: "
                             "checks that everything runs")
    return parser.parse_args()


def commands(args):
    """(case, engine) -> the command measuring it, for every pair of this sweep."""
    jvm = [args.java, *VECTOR_MODULE, *shlex.split(args.jvm_args), "-cp", args.jar, "io.github.panagrad.bench.ColdStart"]
    added = {**djl_engines(args), **dict(spec.split("=", 1) for spec in args.engine)}
    engines = (args.engines or ",".join(["scalar", "vector", "pytorch", *djl_engines(args)])).split(",")
    unknown = [e for e in engines if e not in PANAGRAD_ENGINES and e != "pytorch" and e not in added]
    if unknown:
        sys.exit(f"coldstart: unknown engine(s) {unknown}; add one with --engine NAME=COMMAND")
    variants = [(None, "", [])] + [parse_variant(spec) for spec in args.variant]
    pairs = {}
    for case in [c for c in KERNEL_CASES + TRAINING_CASES if re.search(args.cases, c)]:
        training = case.startswith("train:")
        count = str(args.steps if training else args.calls)
        tail = [case, count, str(args.max_seconds)]
        for engine in engines:
            if engine in PANAGRAD_ENGINES:
                for only, suffix, options in variants:
                    if only in (None, engine):
                        pairs[(case, engine + suffix)] = jvm[:1] + options + jvm[1:] + [case, engine, count,
                                                                                        str(args.max_seconds)]
            elif training and engine == "pytorch":
                pairs[(case, engine)] = [args.python, os.path.join(BENCH, "coldstart_pytorch.py")] + tail
            elif training:
                pairs[(case, engine)] = shlex.split(added[engine]) + tail
    return pairs


def djl_engines(args):
    """The engines of --djl-jar, name -> command: DjlColdStart in a JVM that loads libtorch from the jar, one thread."""
    if not args.djl_jar:
        return {}
    jvm = [args.java, "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
           "-DDJL_CACHE_DIR=" + os.path.join(os.path.dirname(os.path.abspath(args.djl_jar)), "djl-cache"),
           "-cp", args.djl_jar, "io.github.panagrad.bench.DjlColdStart"]
    return {f"djl-{method}": shlex.join(jvm + [method]) for method in ("autograd", "trainer")}


def parse_variant(spec):
    """'[ENGINE/]NAME=JVM_ARGS' -> (ENGINE or None, '/NAME', the options)."""
    name, _, options = spec.partition("=")
    only, _, name = name.rpartition("/")
    if not name or (only and only not in PANAGRAD_ENGINES):
        sys.exit(f"coldstart: --variant '{spec}' must be [ENGINE/]NAME=JVM_ARGS, ENGINE one of {PANAGRAD_ENGINES}")
    return only or None, f"/{name}", shlex.split(options)


def engine_order(engine):
    """SCALAR, then VECTOR, each followed by its variants, then PyTorch and the added engines."""
    base = engine.split("/")[0]
    return (PANAGRAD_ENGINES.index(base) if base in PANAGRAD_ENGINES else len(PANAGRAD_ENGINES), engine)


def measure(command, timeout):
    """Runs one fresh process; returns its JSON line with the process's wall time, or the failure."""
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    wall_ms = (time.perf_counter() - started) * 1e3
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-2000:]}"}
    return {**json.loads(lines[-1]), "process_ms": wall_ms}


def wait_for_quiet(cores, seconds):
    """Waits until at most `cores` cores are busy over 0.3 s, at most `seconds`; returns the last reading."""
    deadline = time.time() + seconds
    busy = busy_cores(0.3)
    while busy > cores and time.time() < deadline:
        time.sleep(2)
        busy = busy_cores(0.3)
    return busy


def main():
    args = parse_args()
    args.variant = [v for v in (args.variant if args.variant is not None else [WARMUP_OFF]) if v != "none"]
    if args.smoke:
        args.forks, args.calls, args.steps, args.max_seconds, args.quiet = 2, 3, 20, 5.0, 0
        args.cases = r"^(gemm:128x256x784|relu:1000$|train:1000x3-1$)"
    if args.build:
        subprocess.run([os.path.join(BENCH, "build")], check=True)
    out = args.out or os.path.join(BENCH, "results",
                                   datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ-coldstart"))
    os.makedirs(out, exist_ok=True)
    pairs = commands(args)
    jvm_args = [*VECTOR_MODULE, *shlex.split(args.jvm_args)]
    run = {**facts(args.java, args.jar, jvm_args), "label": args.label, "java": args.java, "jvm_args": jvm_args,
           "forks": args.forks, "calls": args.calls, "steps": args.steps, "max_seconds": args.max_seconds,
           "variants": args.variant, "engines": sorted({engine for _, engine in pairs}, key=engine_order),
           "added_engines": args.engine,
           "smoke": args.smoke, "commands": {f"{case} {engine}": shlex.join(command)
                                             for (case, engine), command in pairs.items()}}
    with open(os.path.join(out, "run.json"), "w") as f:
        json.dump(run, f, indent=1)
    order = random.Random(args.seed)
    failures = 0
    started = time.time()
    with open(os.path.join(out, "runs.jsonl"), "a") as runs:
        for fork in range(args.forks):
            keys = sorted(pairs)
            order.shuffle(keys)
            if args.quiet > 0:
                wait_for_quiet(args.quiet, args.quiet_wait)
            for case, engine in keys:
                before = {"load_average": load_average(), "busy_cores_before": busy_cores(0.3)}
                # The case and engine names of this sweep win over those the process prints (a variant's).
                record = {**measure(pairs[(case, engine)], timeout=args.max_seconds + 300),
                          "case": case, "engine": engine, "fork": fork, **before}
                runs.write(json.dumps(record) + "\n")
                runs.flush()
                failures += "error" in record
                summary = record.get("error") or (f"first {record['elapsed_ns'][0] / 1e6:.1f} ms, "
                                                  f"{record['points'][-1]} in {record['elapsed_ns'][-1] / 1e6:.1f} ms")
                print(f"[{time.time() - started:6.0f} s] round {fork + 1}/{args.forks} {case} {engine}: {summary}",
                      file=sys.stderr)
    run["load_average_at_end"] = load_average()
    with open(os.path.join(out, "run.json"), "w") as f:
        json.dump(run, f, indent=1)
    print(f"coldstart: {len(pairs) * args.forks} processes, {failures} failed; results in {out}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
