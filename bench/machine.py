#!/usr/bin/python3
"""The facts of a benchmark run that the report states: date, commit, CPU and caches, load, JVM.

Usage: machine.py --java JAVA --jar BENCHMARKS_JAR [--jvm-arg ARG ...]   prints them as JSON

`facts()` is what bench/run (run.json) and bench/coldstart.py use. The JVM facts come from
io.github.panagrad.bench.RunEnvironment, run with the measurement's JVM options.
"""

import argparse
import datetime
import json
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def lscpu():
    """lscpu's "key: value" lines as a dict."""
    output = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    pairs = (line.split(":", 1) for line in output.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def git(*args):
    result = subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def load_average():
    """The 1-minute load average."""
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def busy_cores(seconds):
    """How many cores were busy, on average, over the next `seconds` (from /proc/stat)."""
    def sample():
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
        return sum(fields), fields[3] + fields[4]  # all jiffies, idle + iowait
    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return (os.cpu_count() or 1) * (1 - (idle1 - idle0) / max(1, total1 - total0))


def jvm_facts(java, jar, jvm_args):
    """Java version, VM, vector backend status and gemm threads of a JVM started with jvm_args."""
    output = subprocess.run([java, *jvm_args, "-cp", jar, "io.github.panagrad.bench.RunEnvironment"],
                            capture_output=True, text=True, check=True).stdout
    return json.loads(output)


def facts(java, jar, jvm_args):
    cpu = lscpu()
    status = git("status", "--porcelain")
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git("rev-parse", "--short", "HEAD") or "unknown",
        "uncommitted_changes": len(status.splitlines()) if status else 0,
        "cpu": cpu.get("Model name", "unknown"),
        "cpu_family_model": f"family {cpu.get('CPU family', '?')}, model {cpu.get('Model', '?')}",
        "simd": " ".join(flag for flag in ("avx2", "fma", "avx512f", "avx512_bf16") if flag in cpu.get("Flags", "").split()),
        "cores": os.cpu_count(),
        "caches": {key: value for key, value in cpu.items() if key.endswith(" cache")},
        "load_average_at_start": load_average(),
        "jvm": jvm_facts(java, jar, jvm_args),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--java", default="java", help="the java launcher (default: java on the PATH)")
    parser.add_argument("--jar", required=True, help="bench/target/benchmarks.jar")
    parser.add_argument("--jvm-arg", action="append", default=[], help="a JVM option of the measurement (repeatable)")
    args = parser.parse_args()
    print(json.dumps(facts(args.java, args.jar, args.jvm_arg), indent=1))


if __name__ == "__main__":
    main()
