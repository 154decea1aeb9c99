#!/usr/bin/env python3
"""The performance issue's in-house ratios, measured in one run (absolute times are noise on a
shared machine; ratios taken round by round, then the median).

- human/json: the default human report over a batch against the JSON report (target <= 2x);
- one file: a typical file, process start to exit, against `carecheck --version` (the cost of
  starting the process at all), and its absolute median;
- peak memory of the JSON run.

Usage, from the repository root after `cargo build --release`:

    python3 benches/targets.py --files 2000 --rounds 3

The comparison with the peers (regorus, OPA, Python, Spectral) needs them installed; it is
`../shared/bench/peers-v1/bench_v1.py` and not repeated here.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# bench.run measures the program's own peak RSS (through /usr/bin/time, after exec)
from bench import run as run_with_rss  # noqa: E402


def timed(cmd):
    """Wall time of one run (no wrapper, so short runs are not inflated)."""
    t0 = time.perf_counter()
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - t0
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {code}")
    return wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "carecheck"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        subprocess.run(
            [sys.executable, os.path.join(HERE, "gen_corpus.py"), "--files", str(a.files), "--out", corpus],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        one = os.path.join(HERE, "..", "examples", "oakwood-childrens-home.yaml")
        ratios, json_s, human_s, rss = [], [], [], []
        single, single_ratio = [], []
        for _ in range(a.rounds):
            j, m, _ = run_with_rss([a.bin, "check", corpus, "--format", "json", "-j", a.jobs])
            h = timed([a.bin, "check", corpus, "-j", a.jobs])
            json_s.append(j)
            human_s.append(h)
            rss.append(m)
            ratios.append(h / j)
            starts = [timed([a.bin, "--version"]) for _ in range(20)]
            files = [timed([a.bin, "check", one, "--format", "json"]) for _ in range(20)]
            single.append(statistics.median(files))
            single_ratio.append(statistics.median(files) / statistics.median(starts))
        med = statistics.median
        print(f"| measure ({a.files} generated files, -j{a.jobs}, median of {a.rounds}) | value |")
        print("|---|---:|")
        print(f"| JSON report | {a.files / med(json_s):,.0f} files/s |")
        print(f"| human report | {a.files / med(human_s):,.0f} files/s |")
        print(f"| human / JSON time (target <= 2x) | {med(ratios):.2f}x |")
        print(f"| peak RSS, JSON | {med(rss):.1f} MiB |")
        print(f"| one typical file, start to exit (target <= 5 ms) | {med(single) * 1000:.1f} ms |")
        print(f"| one typical file / `--version` | {med(single_ratio):.1f}x |")


if __name__ == "__main__":
    main()
