#!/usr/bin/env python3
"""The performance issue's targets, each as a ratio measured in one run.

Absolute times are noise on a shared machine, so every target is a ratio between two commands
run side by side: in each round every command runs once, in an order rotated from round to
round, the ratio is taken within the round, and the figure is the median over rounds.

Targets (see README.md, "Performance", and benches/README.md for how they are measured):

    regorus    the shipped standards, JSON report, -j2: files/s as a multiple of regorus-batch's
               (the ten benchmark rules in Rego, one process)              target >= 3x
    saphyr     the shipped standards, JSON report, -j1: time against saphyr-parser's bare event
               stream over the same files                                  target <= 1.6x
    loading    carecheck reading and validating only (every test ignored), -j1, against the same
               event stream                                                 target <= 1.2x
    human      the default human report against the JSON report, -j2       target <= 2x
    memory     peak RSS of the JSON run at -j2                              target <= 50 MiB
    one file   a typical file, process start to exit                        target <= 5 ms
               (and against `carecheck --version`, the cost of starting at all)
    workbook   a self-assessment of 100 children checked as a workbook, against the same
               self-assessment as YAML (whole process, JSON report): in instructions
               (callgrind) and in wall time (hyperfine when installed)      target <= 3x

The peers are built from `benches/peers/` (regorus 0.14.1 and saphyr-parser 0.3.4, as in the
shared like-for-like benchmark) into `target/peers`; the corpus is `benches/gen_corpus.py
--seed 42`, the benchmark's own. Before timing, the ten rules are checked to agree: carecheck
with `benches/peers/standards-v1` and regorus-batch with `policy-v1.rego` must report the same
violations, or the comparison means nothing.

From the repository root, on a clean clone (building regorus takes about 3 minutes once):

    cargo build --release
    python3 benches/targets.py --files 10000 --rounds 3
    python3 benches/targets.py --files 100000 --rounds 1 --only memory   # memory at 100,000

`--no-peers` skips the peers (only the in-house ratios). `--instructions 200` also gives the
same ratios in instructions counted by valgrind's callgrind over the first 200 files, which do
not drift with the machine's load as times do. Standard library only.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
# bench.run measures the program's own peak RSS (through /usr/bin/time, after exec)
from bench import TESTS, run as run_with_rss  # noqa: E402

TARGETS = ("regorus", "saphyr", "loading", "human", "memory", "one-file", "workbook")


def timed(cmd):
    """Wall time of one run (no wrapper, so short runs are not inflated)."""
    t0 = time.perf_counter()
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - t0
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {code}")
    return wall


def build_peers():
    """Build regorus-batch and saphyr-floor (once; cargo skips the build when up to date)."""
    manifest = os.path.join(HERE, "peers", "Cargo.toml")
    target = os.path.join(ROOT, "target", "peers")
    print("building the peers (regorus-batch, saphyr-floor) into target/peers ...", file=sys.stderr)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--manifest-path", manifest, "--target-dir", target],
        check=True,
    )
    bin_dir = os.path.join(target, "release")
    return os.path.join(bin_dir, "regorus-batch"), os.path.join(bin_dir, "saphyr-floor")


def agreement(cc, regorus, corpus, tmp):
    """The ten rules as carecheck and as Rego: the same (file, rule, record) violations."""
    rego_out = os.path.join(tmp, "regorus.jsonl")
    subprocess.run([regorus, os.path.join(HERE, "peers", "policy-v1.rego"), "-o", rego_out, corpus],
                   check=True, stderr=subprocess.DEVNULL)
    rego = set()
    with open(rego_out) as f:
        for line in f:
            v = json.loads(line)
            rego.add((os.path.basename(v["file"]), v["rule"], int(v["child"]), int(v["restriction"])))
    cc_out = os.path.join(tmp, "carecheck-10.json")
    subprocess.run([cc, "check", "--standards", os.path.join(HERE, "peers", "standards-v1"), corpus,
                    "--format", f"json:{cc_out}", "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(cc_out) as f:
        doc = json.load(f)
    ours = set()
    for fr in doc["files"]:
        for x in fr["findings"]:
            # the ten rules are R-1 .. R-10; carecheck's own checks of the file (dates after
            # the as-of date, say) are not among them
            if x["outcome"] != "fail" or not re.match(r"^R-\d+$", x["standard"]):
                continue
            m = re.match(r"^children\[(\d+)\](?:\.moves\[(\d+)\])?", x.get("field") or "")
            if not m:
                sys.exit(f"a finding of the ten rules without a child: {x}")
            ours.add((os.path.basename(fr["path"]), "R" + x["standard"][2:], int(m.group(1)),
                      int(m.group(2)) if m.group(2) is not None else -1))
    return len(rego), len(ours), rego == ours


def build_static():
    """The release workflow's Linux program, built by scripts/build-release.sh (which also
    builds the one scripts/package.sh packs): glibc linked statically, optimised with a profile
    of the program's use (scripts/pgo-profile.sh)."""
    print("building the program as the download is built ...", flush=True)
    path = subprocess.run([os.path.join(ROOT, "scripts", "build-release.sh")], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    if not path.endswith(os.path.join("-linux-gnu", "release", "carecheck")):
        sys.exit(f"--static measures glibc linked statically; this machine builds {path}")
    return os.path.join(ROOT, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "carecheck"))
    ap.add_argument("--static", action="store_true",
                    help="measure the Linux download's build instead: glibc linked statically and "
                         "profile-guided, as .github/workflows/release.yml and scripts/package.sh build it")
    ap.add_argument("--corpus", help="an existing corpus folder (default: generated, --seed 42)")
    ap.add_argument("--no-peers", action="store_true", help="skip regorus and saphyr")
    ap.add_argument("--only", default=",".join(TARGETS), help="a comma-separated subset of " + ",".join(TARGETS))
    ap.add_argument("--instructions", type=int, metavar="N", default=0,
                    help="also count instructions (valgrind's callgrind) over the first N files: the same "
                         "ratios, steady whatever else the machine is doing")
    a = ap.parse_args()
    only = set(a.only.split(","))
    unknown = only - set(TARGETS)
    if unknown:
        sys.exit(f"unknown targets: {sorted(unknown)}")
    peers = not a.no_peers and bool(only & {"regorus", "saphyr", "loading"})
    cc = build_static() if a.static else a.bin
    if only == {"workbook"}:
        with tempfile.TemporaryDirectory() as tmp:
            workbook_ratio(cc, tmp, a.rounds)
        return
    regorus = saphyr = None
    if peers:
        regorus, saphyr = build_peers()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = a.corpus
        if not corpus:
            corpus = os.path.join(tmp, "corpus")
            print(f"generating {a.files} files ...", file=sys.stderr)
            subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--files", str(a.files),
                            "--seed", "42", "--out", corpus], check=True, stdout=subprocess.DEVNULL)
        files = len([n for n in os.listdir(corpus) if n.endswith((".yaml", ".yml"))])
        mb = sum(os.path.getsize(os.path.join(corpus, n)) for n in os.listdir(corpus)) / 1e6
        if peers and "regorus" in only:
            n_rego, n_ours, same = agreement(cc, regorus, corpus, tmp)
            print(f"agreement on the ten rules: regorus-batch {n_rego:,}, carecheck {n_ours:,} violations, "
                  f"{'the same set' if same else 'DIFFERENT SETS'}", file=sys.stderr)
            if not same:
                sys.exit("the ten rules disagree: fix the ports before comparing times")

        json_j2 = [cc, "check", corpus, "--format", "json", "-j", "2"]
        cmds = {}
        if "regorus" in only or "human" in only or "memory" in only:
            cmds["carecheck json -j2"] = json_j2
        if peers and "regorus" in only:
            cmds["regorus-batch"] = [regorus, os.path.join(HERE, "peers", "policy-v1.rego"), "-o", os.devnull, corpus]
        if peers and ("saphyr" in only or "loading" in only):
            cmds["saphyr-floor"] = [saphyr, corpus]
        if peers and "saphyr" in only:
            cmds["carecheck json -j1"] = [cc, "check", corpus, "--format", "json", "-j", "1"]
        if peers and "loading" in only:
            cmds["carecheck load-only -j1"] = [cc, "check", corpus, "--ignore", TESTS, "--allow-personal-data",
                                               "--format", "concise", "--quiet", "-j", "1"]
        if "human" in only:
            cmds["carecheck human -j2"] = [cc, "check", corpus, "-j", "2"]
        walls = {k: [] for k in cmds}
        rss = {k: [] for k in cmds}
        ratios = {}
        single, single_ratio = [], []
        one = os.path.join(ROOT, "examples", "oakwood-childrens-home.yaml")

        def ratio(name, num, den, r):
            if num in r and den in r:
                ratios.setdefault(name, []).append(r[num] / r[den])

        for rnd in range(a.rounds):
            names = list(cmds)
            k = rnd % max(len(names), 1)
            r = {}
            for name in names[k:] + names[:k]:
                w, m, _ = run_with_rss(cmds[name])
                r[name] = w
                walls[name].append(w)
                rss[name].append(m)
            ratio("regorus", "regorus-batch", "carecheck json -j2", r)
            ratio("saphyr", "carecheck json -j1", "saphyr-floor", r)
            ratio("loading", "carecheck load-only -j1", "saphyr-floor", r)
            ratio("human", "carecheck human -j2", "carecheck json -j2", r)
            if "one-file" in only:
                # alternated, so a burst of the machine's other work weighs on both alike
                starts, runs = [], []
                for _ in range(50):
                    starts.append(timed([cc, "--version"]))
                    runs.append(timed([cc, "check", one, "--format", "json"]))
                single.append(statistics.median(runs))
                single_ratio.append(statistics.median(runs) / statistics.median(starts))
        med = statistics.median
        print(f"\n{files:,} files, {mb:.1f} MB, {a.rounds} rounds, {os.cpu_count()} cores\n")
        print("| command | wall s (median) | files/s | peak RSS MiB |")
        print("|---|---:|---:|---:|")
        for name in cmds:
            w = med(walls[name])
            print(f"| {name} | {w:.2f} | {files / w:,.0f} | {med(rss[name]):.1f} |")
        print("\n| target | measured | goal | met |")
        print("|---|---:|---:|---|")

        def row(label, value, goal, ok):
            print(f"| {label} | {value} | {goal} | {'yes' if ok else 'no'} |")

        if "regorus" in ratios:
            v = med(ratios["regorus"])
            row("shipped standards, JSON, -j2: x regorus-batch files/s", f"{v:.2f}x", ">= 3x", v >= 3)
        if "saphyr" in ratios:
            v = med(ratios["saphyr"])
            row("shipped standards, JSON, -j1: x saphyr events time", f"{v:.2f}x", "<= 1.6x", v <= 1.6)
        if "loading" in ratios:
            v = med(ratios["loading"])
            row("loading only, -j1: x saphyr events time", f"{v:.2f}x", "<= 1.2x", v <= 1.2)
        if "human" in ratios:
            v = med(ratios["human"])
            row("human / JSON time, -j2", f"{v:.2f}x", "<= 2x", v <= 2)
        if "memory" in only and "carecheck json -j2" in rss:
            v = max(rss["carecheck json -j2"])
            row(f"peak RSS, JSON, -j2, {files:,} files", f"{v:.1f} MiB", "<= 50 MiB", v <= 50)
        if single:
            v = med(single) * 1000
            row("one typical file, start to exit", f"{v:.1f} ms", "<= 5 ms", v <= 5)
            print(f"\none typical file / `carecheck --version`: {med(single_ratio):.1f}x")
        # the machine's other work, for reading the figures (ratios absorb most of it)
        print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
        if a.instructions:
            instruction_ratios(cc, regorus if peers else None, saphyr if peers else None, corpus, a.instructions, tmp)
        if "workbook" in only:
            workbook_ratio(cc, tmp, a.rounds)


def instructions(cmd):
    """Instructions a command executes, by valgrind's callgrind (repeatable, unlike time)."""
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected : (\d+)", out.stderr)
    if not m:
        sys.exit(f"callgrind gave no count for {' '.join(cmd)}")
    return int(m.group(1))


def instruction_ratios(cc, regorus, saphyr, corpus, n, tmp):
    """The targets' ratios in instructions, on the first `n` files of the corpus, -j1.

    regorus-batch runs on one thread, so its ratio here is work against work: the files/s
    target at -j2 also depends on how well the work divides between two threads."""
    import shutil
    if shutil.which("valgrind") is None:
        print("\n(valgrind is not installed: no instruction counts)")
        return
    sub = os.path.join(tmp, f"first-{n}")
    os.makedirs(sub, exist_ok=True)
    names = sorted(x for x in os.listdir(corpus) if x.endswith((".yaml", ".yml")))[:n]
    for x in names:
        shutil.copy(os.path.join(corpus, x), sub)
    counts = {
        "carecheck json -j1": instructions([cc, "check", sub, "--format", "json", "-j", "1"]),
        "carecheck load-only -j1": instructions([cc, "check", sub, "--ignore", TESTS, "--allow-personal-data",
                                                 "--format", "concise", "--quiet", "-j", "1"]),
        "carecheck human -j1": instructions([cc, "check", sub, "-j", "1"]),
    }
    if saphyr:
        counts["saphyr-floor"] = instructions([saphyr, sub])
    if regorus:
        counts["regorus-batch"] = instructions([regorus, os.path.join(HERE, "peers", "policy-v1.rego"),
                                                "-o", os.devnull, sub])
    print(f"\ninstructions over the first {len(names):,} files (callgrind):\n")
    print("| command | instructions |")
    print("|---|---:|")
    for name, c in counts.items():
        print(f"| {name} | {c / 1e6:,.0f} M |")
    print("\n| ratio | instructions | goal (in time) |")
    print("|---|---:|---:|")
    j = counts["carecheck json -j1"]
    if regorus:
        print(f"| regorus-batch / carecheck JSON (work against work) | {counts['regorus-batch'] / j:.2f}x | >= 3x files/s at -j2 |")
    if saphyr:
        f = counts["saphyr-floor"]
        print(f"| carecheck JSON / saphyr events | {j / f:.2f}x | <= 1.6x |")
        print(f"| carecheck load-only / saphyr events | {counts['carecheck load-only -j1'] / f:.2f}x | <= 1.2x |")
    print(f"| carecheck human / JSON | {counts['carecheck human -j1'] / j:.2f}x | <= 2x |")


def findings_of(cc, path, tmp):
    """A file's findings as (standard, outcome, severity, fingerprint), sorted: what must be the
    same whether the self-assessment is YAML or a workbook."""
    out = os.path.join(tmp, os.path.basename(path) + ".json")
    subprocess.run([cc, "check", path, "--format", f"json:{out}", "--format", "none"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        doc = json.load(f)
    fr = doc["files"][0]
    if fr.get("status") != "checked":
        sys.exit(f"{path} was not checked: {fr.get('status')}")
    return sorted((x["standard"], x["outcome"], x["severity"], x.get("fingerprint", "")) for x in fr["findings"])


def workbook_ratio(cc, tmp, rounds):
    """The workbook's bound: one generated self-assessment of 100 children (`gen_corpus.py --seed
    42 --files 1 --children 100 --kind childrens_home`), converted to a workbook by `carecheck
    convert --to xlsx`, checked as each (whole process, JSON report, one file): the workbook's
    cost over the YAML file's, in instructions (callgrind, steady on a shared machine) and in
    wall time (hyperfine, or alternating runs when it is not installed). Goal: at most 3x."""
    import shutil
    folder = os.path.join(tmp, "workbook-100")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--files", "1", "--children", "100",
                    "--kind", "childrens_home", "--seed", "42", "--out", folder], check=True, stdout=subprocess.DEVNULL)
    yaml = os.path.join(folder, "sa-000000.yaml")
    xlsx = os.path.join(folder, "sa-000000.xlsx")
    subprocess.run([cc, "convert", yaml, "--to", "xlsx", "--output", xlsx], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    fy, fw = findings_of(cc, yaml, tmp), findings_of(cc, xlsx, tmp)
    if fy != fw:
        sys.exit(f"the workbook's findings differ from the YAML file's ({len(set(fy) ^ set(fw))} of {len(fy)}): "
                 "fix the reader before comparing times")
    cmds = {"yaml": [cc, "check", yaml, "--format", "json"], "xlsx": [cc, "check", xlsx, "--format", "json"]}
    print(f"\nworkbook: 100 children, YAML {os.path.getsize(yaml):,} bytes, workbook {os.path.getsize(xlsx):,} "
          f"bytes, the same {len(fy):,} findings\n")
    print("| measure | YAML | workbook | workbook / YAML | goal |")
    print("|---|---:|---:|---:|---:|")
    if shutil.which("valgrind"):
        iy, iw = instructions(cmds["yaml"]), instructions(cmds["xlsx"])
        print(f"| instructions (callgrind) | {iy / 1e6:,.1f} M | {iw / 1e6:,.1f} M | {iw / iy:.2f}x | <= 3x |")
        print(f"| instructions, bare start (`carecheck --version`) | {instructions([cc, '--version']) / 1e6:,.1f} M | | | |")
    else:
        print("| instructions | (valgrind is not installed) | | | |")
    if shutil.which("hyperfine"):
        import shlex
        out = os.path.join(tmp, "hyperfine.json")
        subprocess.run(["hyperfine", "-N", "-i", "--warmup", "3", "--min-runs", str(max(10, 10 * rounds)),
                        "--export-json", out, "--style", "none"]
                       + [" ".join(shlex.quote(x) for x in cmds[k]) for k in ("yaml", "xlsx")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            res = json.load(f)["results"]
        ty, tw = res[0]["median"], res[1]["median"]
        how = "wall time, median (hyperfine)"
    else:
        walls = {"yaml": [], "xlsx": []}
        for _ in range(max(10, 10 * rounds)):
            for k in walls:
                walls[k].append(timed(cmds[k]))
        ty, tw = statistics.median(walls["yaml"]), statistics.median(walls["xlsx"])
        how = "wall time, median (alternating runs)"
    print(f"| {how} | {ty * 1000:.1f} ms | {tw * 1000:.1f} ms | {tw / ty:.2f}x | <= 3x |")


if __name__ == "__main__":
    main()
