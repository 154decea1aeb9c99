#!/usr/bin/env bash
# Record how the program is used, for a profile-guided build of the Linux download
# (scripts/build-release.sh and the release workflow pass the profile to rustc with
# `-C profile-use`), and print the merged profile's path.
#
#   RELEASE_RUSTFLAGS="-C target-feature=+crt-static" scripts/pgo-profile.sh TARGET
#   scripts/pgo-profile.sh --training-only PROGRAM [FILES]
#                        the training's runs alone, with a program already built, over FILES
#                        generated files (tests/package.rs runs them with the test build, so
#                        that a change to the command line cannot break a release unseen)
#
# It builds an instrumented program (`-C profile-generate` added to RELEASE_RUSTFLAGS, the
# download's other flags, into target/pgo/build), runs it over what the program is used on
# (a batch of 1,000 generated self-assessments checked as JSON and as the human report; each
# shipped example as both, as its YAML file and as a workbook), and merges the counts with
# llvm-profdata (rustup's llvm-tools, added if missing) into target/pgo/carecheck.profdata.
# The batch is benches/gen_corpus.py with seed 7: not the seed-42 files the performance
# targets are measured on. The runs are on one thread, so the same source gives the same
# profile. Measured in benches/README.md ("a profile-guided build").
set -euo pipefail
cd "$(dirname "$0")/.."

# The training: $program's runs over FILES generated files, written into FOLDER.
train() {
  local files="$1" folder="$2"
  python3 benches/gen_corpus.py --files "$files" --seed 7 --out "$folder" >&2
  run check -j1 --format json "$folder"
  run check -j1 --color never "$folder"
  # each example as its file and as the workbook a manager keeps it in
  for example in examples/*.yaml; do
    workbook="$folder/$(basename "$example" .yaml).xlsx"
    run convert "$example" --to xlsx --output "$workbook"
    for file in "$example" "$workbook"; do
      run check --format json "$file"
      run check --color never "$file"
    done
  done
}

# a run that finds breaches exits with 1, which is what it is for; any other failure stops
run() {
  local status=0
  "$program" "$@" > /dev/null || status=$?
  if [ "$status" -gt 1 ]; then
    echo "pgo-profile.sh: carecheck $* exited with $status" >&2
    exit 1
  fi
}

if [ "${1-}" = "--training-only" ]; then
  program="${2:?usage: scripts/pgo-profile.sh --training-only PROGRAM [FILES]}"
  folder=$(mktemp -d)
  trap 'rm -rf "$folder"' EXIT
  train "${3:-1000}" "$folder"
  exit 0
fi

target="${1:?usage: scripts/pgo-profile.sh TARGET}"
root="$PWD/target/pgo"
sysroot_bin="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
profdata="$sysroot_bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  echo "pgo-profile.sh: adding rustup's llvm-tools for llvm-profdata" >&2
  rustup component add llvm-tools >&2
fi
rm -rf "$root/raw" "$root/train" "$root/carecheck.profdata"
mkdir -p "$root"
RUSTFLAGS="${RELEASE_RUSTFLAGS-} -C profile-generate=$root/raw" \
  cargo build --release --locked --target "$target" --target-dir "$root/build" >&2
program="$root/build/$target/release/carecheck"
# the counts go where -C profile-generate says, not where a variable of the caller's would send them
unset LLVM_PROFILE_FILE
train 1000 "$root/train"
"$profdata" merge -o "$root/carecheck.profdata" "$root/raw"
rm -rf "$root/train"
echo "$root/carecheck.profdata"
