#!/usr/bin/env python3
"""Two or more builds of carecheck side by side, each run in turn with the others.

The machines here drift by a third from one hour to the next, so separate runs of
targets.py cannot separate builds a few per cent apart. Here every round runs each build
once, so a burst of other work weighs on all of them alike, and the medians are compared.

    python3 benches/alternate.py --corpus DIR BUILD_A BUILD_B [...]

prints, for each build: `carecheck --version` and one typical file (the oakwood example,
JSON), each the median of --single runs; and the corpus checked as JSON at -j1 and -j2, each
the median of --rounds runs, as a multiple of the first build's time.
"""
import argparse
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# targets.timed stops at a run that fails, which would otherwise look fastest
from targets import ROOT, timed  # noqa: E402

ONE = os.path.join(ROOT, "examples", "oakwood-childrens-home.yaml")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("builds", nargs="+", help="the programs to compare; the first is the base")
    ap.add_argument("--corpus", help="a folder of files to check as a batch (benches/gen_corpus.py)")
    ap.add_argument("--single", type=int, default=150, help="runs of each one-file command")
    ap.add_argument("--rounds", type=int, default=7, help="runs of each batch command")
    a = ap.parse_args()
    for b in a.builds:
        if not os.access(b, os.X_OK):
            sys.exit(f"not a program: {b}")
    med = statistics.median
    version = {b: [] for b in a.builds}
    one = {b: [] for b in a.builds}
    for _ in range(a.single):
        for b in a.builds:
            version[b].append(timed([b, "--version"]))
            one[b].append(timed([b, "check", ONE, "--format", "json"]))
    batch = {(b, j): [] for b in a.builds for j in ("1", "2")}
    if a.corpus:
        for _ in range(a.rounds):
            for b in a.builds:
                for j in ("1", "2"):
                    batch[(b, j)].append(timed([b, "check", a.corpus, "--format", "json", "-j", j]))
    base = a.builds[0]
    print("| build | --version ms | one file ms | batch -j1 | batch -j2 |")
    print("|---|---:|---:|---:|---:|")
    for b in a.builds:
        cells = [f"{1000 * med(version[b]):.2f}", f"{1000 * med(one[b]):.2f}"]
        for j in ("1", "2"):
            if a.corpus:
                cells.append(f"{med(batch[(b, j)]):.3f} s ({med(batch[(b, j)]) / med(batch[(base, j)]):.2f}x)")
            else:
                cells.append("-")
        print(f"| {b} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
