#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 15), seeded from the shipped examples and
# standards. Works on the stable toolchain (no sanitizer); on nightly, set SANITIZER=address
# for AddressSanitizer. Installs cargo-fuzz from crates.io when it is missing.
#   fuzz/run.sh          # CI: 15 s a target
#   fuzz/run.sh 3600     # an hour a target, on demand
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-15}
sanitizer=${SANITIZER:-none}
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
mkdir -p corpus/self_assessment corpus/standards_toml corpus/yaml_readers corpus/reports
cp ../examples/*.yaml corpus/self_assessment/
cp ../tests/fixtures/batch/*.yaml corpus/self_assessment/
# hostile shapes: aliases and nested anchors, tags, a wide mapping with a duplicate key
cp seeds/*.yaml corpus/self_assessment/
find ../standards -name '*.toml' -exec cp {} corpus/standards_toml/ \;
cp corpus/self_assessment/* corpus/yaml_readers/
cp corpus/self_assessment/* corpus/reports/
for target in self_assessment reports yaml_readers standards_toml; do
  echo "fuzz: $target for ${secs}s"
  cargo fuzz run --sanitizer "$sanitizer" "$target" -- -max_total_time="$secs" -max_len=65536 2>&1 | tail -n 3
done
