#!/usr/bin/env bash
# Build the program the way the release workflow (.github/workflows/release.yml) builds this
# machine's download, and print its path: on Linux with glibc, glibc linked statically
# (`+crt-static`), with an explicit --target that keeps the flag off build scripts and proc
# macros, which cannot be linked statically; elsewhere an ordinary release build.
# scripts/package.sh packs it; benches/targets.py --static measures it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$(rustc -vV | sed -n 's/^host: //p')
case "$target" in
  *-linux-gnu)
    RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --locked --target "$target" >&2
    echo "target/$target/release/carecheck"
    ;;
  *)
    cargo build --release --locked >&2
    echo "target/release/carecheck"
    ;;
esac
