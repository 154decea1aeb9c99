#!/usr/bin/env bash
# Build the program the way the release workflow (.github/workflows/release.yml) builds this
# machine's download, and print its path. On Linux with glibc: glibc linked statically
# (`+crt-static`), with an explicit --target that keeps the flag off build scripts and proc
# macros, which cannot be linked statically, and optimised with a profile of the program's
# own use (scripts/pgo-profile.sh; `CARECHECK_PGO=0` leaves it out). Elsewhere an ordinary
# release build. scripts/package.sh packs it; benches/targets.py --static measures it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$(rustc -vV | sed -n 's/^host: //p')
case "$target" in
  *-linux-gnu)
    export RELEASE_RUSTFLAGS="-C target-feature=+crt-static"
    flags="$RELEASE_RUSTFLAGS"
    if [ "${CARECHECK_PGO:-1}" != 0 ]; then
      flags="$flags -C profile-use=$(scripts/pgo-profile.sh "$target")"
    fi
    RUSTFLAGS="$flags" cargo build --release --locked --target "$target" >&2
    echo "target/$target/release/carecheck"
    ;;
  *)
    cargo build --release --locked >&2
    echo "target/release/carecheck"
    ;;
esac
