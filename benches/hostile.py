#!/usr/bin/env python3
"""Hostile shapes at growing sizes: time and peak memory per byte must stay flat.

For each shape the generator writes files of about 10 KB, 100 KB, 1 MB and 4 MB; the
release binary checks each one (`--format json`, so the output is written in full), and the
table shows microseconds per KB and peak RSS. The ratios compare each size with the 100 KB
file of the same shape, measured in the same run: a quadratic pass shows as a ratio that
grows with the size. Machines here are shared and noisy, so read ratios, not absolutes.

    cargo build --release
    python3 benches/hostile.py            # all shapes
    python3 benches/hostile.py --rounds 3 # median of three runs a size

The `xplain` column is each file's time as a multiple of a plain file of the same size
(valid children, the usual shape), measured in the same run.

Exit code 1 when a time ratio at 4 MB exceeds --max-ratio (default 3), peak memory
exceeds --max-mem-multiple times the file's size plus the process's baseline, or a file
of up to 4 MB breaks the promised bound (--max-seconds 5, --max-mib 256).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

HEAD = "schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\nprovider: {kind: childrens_home}\n"
SIZES = [10_000, 100_000, 1_000_000, 4_000_000]


def grow(unit, size, head=HEAD, tail=""):
    """Repeat unit(i) until the text reaches size bytes."""
    parts = [head]
    n = len(head) + len(tail)
    i = 0
    while n < size:
        u = unit(i)
        parts.append(u)
        n += len(u)
        i += 1
    parts.append(tail)
    return "".join(parts)


FOSTER_HEAD = (
    "schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\n"
    "provider: {kind: fostering_service, registration: {urn: SC000001, status: registered}}\n"
)


def fostering(size):
    """n households and n children, one child each, about size bytes."""
    n = max(size // 194, 1)
    return (
        FOSTER_HEAD
        + "foster_carer_households:\n"
        + "".join(
            f"  - {{ref: FC-{i:07}, approval: {{date: 2022-01-01, terms: {{age_min: 0, age_max: 18, max_children: 3}}}}, approval_reviews: [2026-01-01]}}\n"
            for i in range(n)
        )
        + "children:\n"
        + "".join(f"  - {{ref: C-{i:07}, household: FC-{i:07}, age_years: 10}}\n" for i in range(n))
    )


def shapes():
    return {
        # one mapping with a key per line: duplicate detection must not scan
        "wide mapping": lambda size: grow(lambda i: f"  k{i}: 1\n", size, HEAD + "extra:\n"),
        # unknown keys at the top: each is reported, did-you-mean must stay linear
        "unknown keys": lambda size: grow(lambda i: f"unknown_key_{i}: 1\n", size),
        # children and incidents naming children that do not exist
        "unknown refs": lambda size: grow(
            lambda i: f"  - {{child: X-{i:08}-z, date: 2026-02-01, type: reparation}}\n",
            size,
            HEAD + "children:\n" + "".join(f"  - {{ref: C-{i:08}}}\n" for i in range(2000)) + "incidents:\n  sanctions:\n",
        ),
        # many valid children: loading and evaluation must be linear in the records
        "many children": lambda size: grow(
            lambda i: f"  - {{ref: C-{i:07}, age_years: 14, entered_care: 2025-09-15, care: {{provided: true, key_worker: true}}, health: {{sdq_date: 2026-01-10, gp_registered: true, dentist_registered: true}}, education: {{status: on_roll_full_time, pep_reviews: [2026-01-15, 2026-05-10]}}}}\n",
            size,
            HEAD + "children:\n",
        ),
        # aliases of a large string: refused by the byte budget, whatever the size
        "alias bomb": lambda size: HEAD
        + 's: &s "'
        + "x" * max(size // 2, 1000)
        + '"\na: [' + ", ".join(["*s"] * 1000) + "]\n",
        # sixty anchors nested around a long list, no alias at all
        "nested anchors": lambda size: HEAD
        + "x: "
        + "".join(f"&a{i} [" for i in range(60))
        + ",".join(["x"] * max(size // 2, 10))
        + "]" * 60
        + "\n",
        # audit v3 B1: households and children, each household counting its children and
        # asking whether the file ever writes a field it lacks
        "households x children": lambda size: fostering(size),
        # audit v3 B1: every failing child matched against thousands of exceptions
        "children x exceptions": lambda size: grow(
            lambda i: f"  - {{ref: C-{i:07}, age_years: 14}}\n",
            size // 4,
            HEAD + "children:\n",
        )
        + "exceptions:\n"
        + grow(
            lambda i: f"  - {{standard: DEV-004, child: C-{i:07}, reason: awaiting clinic, approved_by_role: head_of_service, approved_on: 2026-01-01, expires_on: 2026-12-31}}\n",
            size - size // 4,
            "",
        ),
        # audit v3 B2: one flow list on one line, of dates and of groups
        "flow line dates": lambda size: grow(
            lambda i: f"2026-{1 + i % 6:02}-{1 + i % 28:02}, ",
            size,
            HEAD + "children:\n  - ref: C-1\n    education:\n      pep_reviews: [",
            "2026-01-01]\n",
        ),
        "flow line groups": lambda size: grow(
            lambda i: f"{{date: 2026-{1 + i % 6:02}-{1 + i % 28:02}}}, ",
            size,
            HEAD + "oversight:\n  reg44:\n    visits: [",
            "{date: 2026-01-01}]\n",
        ),
        # audit v3 B13: two findings a visit, 300,000 at 4 MB
        "findings alike": lambda size: grow(
            lambda i: f"      - date: 2026-{1 + i % 6:02}-{1 + i % 28:02}\n",
            size,
            HEAD + "oversight:\n  reg44:\n    visits:\n",
        ),
        # the smallest record there is, hundreds of thousands of them: memory per record
        "tiny records": lambda size: grow(lambda i: f"- ref: C{i}\n", size, HEAD + "children:\n"),
        # a type error in every record: the problems, not the findings, grow
        "type errors": lambda size: grow(
            lambda i: f"  - {{ref: C{i}, age_years: x}}\n", size, HEAD + "children:\n"
        ),
        # long words where a short enum word belongs
        "long enum words": lambda size: HEAD
        + "children: [{ref: C-1}]\nincidents:\n  sanctions:\n"
        + "".join(
            f"    - {{child: C-1, date: 2026-02-01, type: {'w' * (size // 3)}}}\n" for _ in range(3)
        ),
    }


def measure(binary, path):
    rss_file = path + ".rss"
    cmd = ["/usr/bin/time", "-f", "%e %M", "-o", rss_file, binary, "check", path, "--format", "json",
           "--max-file-size", "5000000", "--jobs", "1"]
    import time as _t
    t0 = _t.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = _t.perf_counter() - t0
    with open(rss_file) as f:
        # the last line; /usr/bin/time adds one before it when the exit code is not 0
        _, rss = f.read().strip().splitlines()[-1].split()
    return wall, int(rss)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/carecheck")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--max-ratio", type=float, default=3.0)
    ap.add_argument("--max-mem-multiple", type=float, default=40.0)
    ap.add_argument("--shape", action="append")
    ap.add_argument("--max-seconds", type=float, default=5.0)
    ap.add_argument("--max-mib", type=float, default=256.0)
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    ok = True
    with tempfile.TemporaryDirectory() as d:
        # the process's own floor: a tiny valid file
        tiny = os.path.join(d, "tiny.yaml")
        with open(tiny, "w") as f:
            f.write(HEAD)
        base_rss = min(measure(args.binary, tiny)[1] for _ in range(3))
        print(f"baseline: a tiny file peaks at {base_rss} KB\n")
        # a plain file of each size: valid children, the usual shape; every shape's time is
        # also given as a multiple of this file's at the same size
        plain = {}
        for size in SIZES:
            path = os.path.join(d, f"plain-{size}.yaml")
            with open(path, "w") as f:
                f.write(shapes()["many children"](size))
            plain[size] = statistics.median(measure(args.binary, path)[0] for _ in range(args.rounds))
        print(f"{'shape':<22} {'size':>9} {'seconds':>8} {'us/KB':>8} {'x100KB':>7} {'xplain':>7} {'peak KB':>9} {'peak-base / size':>17}")
        for name, make in shapes().items():
            if args.shape and name not in args.shape:
                continue
            per_kb = {}
            for size in SIZES:
                text = make(size)
                path = os.path.join(d, f"{name.replace(' ', '-')}-{size}.yaml")
                with open(path, "w") as f:
                    f.write(text)
                real = len(text.encode())
                runs = [measure(args.binary, path) for _ in range(args.rounds)]
                wall = statistics.median(r[0] for r in runs)
                rss = max(r[1] for r in runs)
                per_kb[size] = wall * 1e6 / (real / 1024)
                ratio = per_kb[size] / per_kb[100_000] if 100_000 in per_kb else float("nan")
                mem_mult = (rss - base_rss) * 1024 / real
                vs_plain = wall / max(plain[size], 1e-3)
                flag = ""
                # the promise: any file up to 4 MB (the default --max-file-size, 4 MiB) in
                # under 5 s and 256 MiB
                if real <= 4 * 1024 * 1024 and (wall > args.max_seconds or rss > args.max_mib * 1024):
                    flag += "  OVER THE BOUND"
                    ok = False
                if size == SIZES[-1] and ratio > args.max_ratio:
                    flag += "  TIME NOT FLAT"
                    ok = False
                # a few MB over the process's floor is noise, whatever the multiple
                if mem_mult > args.max_mem_multiple and (rss - base_rss) > 16 * 1024:
                    flag += "  MEMORY"
                    ok = False
                print(f"{name:<22} {real:>9} {wall:>8.3f} {per_kb[size]:>8.1f} {ratio:>7.2f} {vs_plain:>7.2f} {rss:>9} {mem_mult:>17.1f}{flag}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
