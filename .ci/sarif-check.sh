#!/usr/bin/env bash
# `debrief lint --format sarif` must be SARIF 2.1.0 that GitHub code scanning accepts: no error and no
# warning from the official schema nor from GitHub's ingestion rules, as Microsoft's SARIF Multitool
# checks them (`Sarif.Multitool validate X.sarif --rule-kind "Gh;Sarif" --level "Error;Warning"`).
#
# Gotchas this script handles:
# - The Multitool exits 0 even when it reports errors: its findings are read from its own SARIF
#   output (-o), and any result there fails the check. It exits non-zero only when it could not run
#   (no valid target: a missing or empty file).
# - It only looks at files named *.sarif.
# - It is a self-contained .NET program: it needs libicu (Debian: libicu72), or
#   DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1, which is set here.
#
# Needs: cargo, python3, and npm (to install @microsoft/sarif-multitool-linux when it is missing).
# Env: SARIF_MULTITOOL     path of the Sarif.Multitool executable (default: from the npm prefix below);
#      DEBRIEF_CI_NPM      npm prefix for CI tools (default: ~/.cache/debrief-ci/npm).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
fixture=tests/fixtures/sarif-book
npm_prefix=${DEBRIEF_CI_NPM:-${XDG_CACHE_HOME:-$HOME/.cache}/debrief-ci/npm}
pkg=@microsoft/sarif-multitool-linux
multitool=${SARIF_MULTITOOL:-$npm_prefix/lib/node_modules/$pkg/Sarif.Multitool}
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=1

fail() { echo "FAIL: $*"; exit 1; }

[ -d "$fixture" ] || fail "$fixture is missing (a book: book.toml + content/missions/*.md)"
if [ ! -e "$multitool" ]; then
  echo "installing $pkg into $npm_prefix"
  npm install --global --prefix "$npm_prefix" --no-audit --no-fund --loglevel=error "$pkg" >/dev/null
fi
# Its postinstall (chmod u+x) may be skipped by npm's install-script policy: do it here.
chmod u+x "$multitool" 2>/dev/null || true
[ -x "$multitool" ] || fail "Sarif.Multitool not found at $multitool"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cargo build --locked --quiet
set +e
target/debug/debrief --book "$fixture" lint --format sarif > "$tmp/debrief.sarif"
rc=$?
set -e
case $rc in
  0 | 1) echo "debrief lint --format sarif: exit $rc ($(wc -c < "$tmp/debrief.sarif") bytes)" ;;
  *) fail "debrief lint --format sarif exited $rc (2 = could not do its job)" ;;
esac

set +e
"$multitool" validate "$tmp/debrief.sarif" --rule-kind "Gh;Sarif" --level "Error;Warning" \
  -o "$tmp/validation.sarif" --log ForceOverwrite > "$tmp/multitool.log" 2>&1
mrc=$?
set -e
sed 's/^/  | /' "$tmp/multitool.log"
[ "$mrc" -eq 0 ] || fail "Sarif.Multitool could not validate the file (exit $mrc)"

# Count what the Multitool found (its own SARIF log), and what debrief reported.
python3 - "$tmp/validation.sarif" "$tmp/debrief.sarif" "$rc" <<'EOF'
import json, sys

validation, produced, lint_rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
log = json.load(open(validation, encoding="utf-8"))
problems = []
for run in log.get("runs", []):
    for inv in run.get("invocations", []):
        if not inv.get("executionSuccessful", False):
            problems.append("the Multitool reports an unsuccessful execution")
    for r in run.get("results", []):
        level = r.get("level", "warning")
        if level in ("error", "warning"):
            msg = r.get("message", {})
            what = msg.get("text") or " ".join([msg.get("id", "")] + [str(a) for a in msg.get("arguments", [])])
            region = (r.get("locations") or [{}])[0].get("physicalLocation", {}).get("region", {})
            problems.append(f"{level} {r.get('ruleId')} at line {region.get('startLine', '?')}: {what}")
for p in problems:
    print("  - " + p)
if problems:
    print("  (the Multitool's full messages are above)")
    print(f"FAIL: SARIF Multitool found {len(problems)} problem(s) in debrief's SARIF output")
    sys.exit(1)

ours = json.load(open(produced, encoding="utf-8"))
results = sum(len(run.get("results", [])) for run in ours.get("runs", []))
rules = sum(len(run.get("tool", {}).get("driver", {}).get("rules", [])) for run in ours.get("runs", []))
print(f"debrief's SARIF: {len(ours.get('runs', []))} run(s), {rules} rule(s), {results} result(s)")
if lint_rc == 1 and results == 0:
    print("FAIL: debrief exited 1 (findings) but its SARIF holds no result")
    sys.exit(1)
if results == 0:
    print("note: the fixture produced no result, so only the empty log was validated")
print("PASS: debrief's SARIF output validates (SARIF 2.1.0 schema + GitHub ingestion rules)")
EOF
