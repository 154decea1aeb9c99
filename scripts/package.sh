#!/usr/bin/env bash
# Build this machine's downloadable archive the way the release workflow
# (.github/workflows/release.yml) builds each platform's: the program with the README,
# licence, changelog and examples, as carecheck-VERSION-TARGET.tar.gz, and beside it
# carecheck-VERSION-TARGET.tar.gz.sha256 (`sha256sum -c` checks it).
#
#   scripts/package.sh                       a release build (scripts/build-release.sh), into target/package/
#   scripts/package.sh --binary PATH --out DIR
#                                            package a program already built (the tests
#                                            package the debug build, to stay within CI's time)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=""
out="target/package"
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "$binary" ]; then
  binary=$(scripts/build-release.sh)
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
target=$(rustc -vV | sed -n 's/^host: //p')
name="carecheck-v$version-$target"
mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/carecheck"
cp -R README.md LICENSE CHANGELOG.md examples "$stage/$name/"
# the same bytes for the same inputs: sorted names, fixed owner and time
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00Z' \
  -C "$stage" -czf "$out/$name.tar.gz" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "$out/$name.tar.gz"
