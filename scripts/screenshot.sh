#!/usr/bin/env bash
# Regenerate docs/report.png, the picture of the HTML report in docs/reports.md: the shipped examples
# checked into one page and photographed by headless Chromium (Debian's `chromium`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
tmp=$(mktemp -d)
target/release/carecheck check examples/ --format "html:$tmp/report.html" --quiet || true
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1300 \
  --screenshot="docs/report.png" "file://$tmp/report.html" 2>/dev/null
rm -rf "$tmp"
echo "wrote docs/report.png"
