#!/usr/bin/env python3
"""Whole-process batch benchmark: carecheck against baselines measured in the same run.

For each corpus size, every round runs each command once, in rotated order; a command's
figures are medians over rounds, and its ratios are taken within each round, then the
median. Peak RSS is the command's own (os.wait4), so memory flatness can be read across
sizes. Usage (from the repository root, after `cargo build --release`):

    python3 benches/bench.py --sizes 1000 10000 --rounds 3

Baselines: `cat` (reading the files, the I/O floor) and carecheck with every standard
ignored (parse and validate only, the floor for any checker built on this parser).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

TESTS = "care-for-every-child,childs-voice-heard,loving-relationships,child-development,least-restrictive,flexibility-by-age,access-to-opportunities"


def run(cmd, shell=False):
    # Peak RSS from /usr/bin/time, which measures the program after exec (os.wait4 would
    # report the forked Python's own high-water mark).
    rss_file = os.path.join(os.environ.get("TMPDIR", "/tmp"), "carecheck-bench-rss")
    if shell:
        cmd = ["/usr/bin/time", "-f", "%M", "-o", rss_file, "sh", "-c", cmd]
    else:
        cmd = ["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{cmd} exited {code}")
    with open(rss_file) as f:
        rss_kib = float(f.read().strip().splitlines()[-1])
    return wall, rss_kib / 1024.0, ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--bin", default="target/release/carecheck")
    ap.add_argument("--out", default="bench-out")
    a = ap.parse_args()
    for n in a.sizes:
        corpus = os.path.join(a.out, f"corpus-{n}")
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, "benches/gen_corpus.py", "--files", str(n), "--out", corpus], check=True)
        mb = sum(os.path.getsize(os.path.join(corpus, f)) for f in os.listdir(corpus)) / 1e6
        cmds = {
            "cat (read only)": (f"cat {corpus}/*.yaml > /dev/null", True),
            "load only, 1 thread": ([a.bin, "check", corpus, "--ignore", TESTS, "--allow-personal-data", "--format", "concise", "--quiet", "-j", "1"], False),
            "carecheck, 1 thread": ([a.bin, "check", corpus, "--format", "concise", "--fail-on", "never", "-j", "1"], False),
            "carecheck, 2 threads": ([a.bin, "check", corpus, "--format", "concise", "--fail-on", "never", "-j", "2"], False),
            "carecheck json, 2 threads": ([a.bin, "check", corpus, "--format", "json", "--fail-on", "never", "-j", "2"], False),
        }
        names = list(cmds)
        res = {k: [] for k in names}
        for r in range(a.rounds + 1):  # round 0 warms the page cache and is dropped
            order = names[r % len(names):] + names[: r % len(names)]
            for k in order:
                cmd, shell = cmds[k]
                out = run(cmd, shell)
                if r > 0:
                    res[k].append(out)
        base = "load only, 1 thread"
        print(f"\n### {n} files, {mb:.2f} MB, median of {a.rounds} rounds\n")
        print("| command | wall s | files/s | MB/s | cpu s | peak RSS MiB | x load-only wall |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for k in names:
            walls = [w for w, _, _ in res[k]]
            ratio = statistics.median([res[k][i][0] / res[base][i][0] for i in range(a.rounds)])
            w = statistics.median(walls)
            rss = statistics.median([m for _, m, _ in res[k]])
            cpu = statistics.median([c for _, _, c in res[k]])
            print(f"| {k} | {w:.3f} | {n / w:,.0f} | {mb / w:.1f} | {cpu:.2f} | {rss:.1f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
