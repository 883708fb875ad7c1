#!/usr/bin/env bash
# A real pre-commit run of this repository's hook (.pre-commit-hooks.yaml, id debrief-lint), the way a
# freelancer's book repository uses it: a throwaway git repository holding a book, a
# .pre-commit-config.yaml that points at THIS checkout (path + rev), `pre-commit install`, then
#   1. a commit adding a closed mission without a handover section is REFUSED, and says handover-missing;
#   2. the same commit, once the mission has a `## Handover` section, is ACCEPTED.
#
# pre-commit builds the hook itself: `cargo install --bins --root <env> --path .` (release profile) in a
# clone of this repository at `rev`. Without --locked, `cargo install` IGNORES Cargo.lock and resolves
# the newest semver-compatible dependencies; pre-commit has no way to pass --locked.
# When this checkout has uncommitted changes, the hook is built from a temporary commit of the working
# tree (tracked and untracked, non-ignored files), as `pre-commit try-repo` does, so that a local run
# tests what is on disk. In CI (a fresh clone) the checkout's HEAD is used as is.
#
# Needs: git, cargo, pre-commit (pip install pre-commit). Network: only crates.io, as any cargo build.
# Env: DEBRIEF_HOOK_REPO  use another repository as the hook source (default: this checkout);
#      CARGO_TARGET_DIR   where the hook build keeps its artifacts (default: a cache dir, so that
#                         dependencies are compiled once per machine, not once per run).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
hook_src=${DEBRIEF_HOOK_REPO:-$root}

fail() { echo "FAIL: $*"; exit 1; }
for tool in git cargo pre-commit; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (pre-commit: pip install pre-commit)"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# pre-commit's own cache (clones and built environments) is per run: every rev gets a fresh build,
# and nothing piles up in ~/.cache/pre-commit. Dependencies are kept in the cargo target dir instead.
export PRE_COMMIT_HOME="$tmp/pre-commit-home"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/debrief-ci/precommit-target}
export PRE_COMMIT_COLOR=never NO_COLOR=1
# A commit needs an identity; nothing global is assumed or changed.
export GIT_AUTHOR_NAME="debrief ci" GIT_AUTHOR_EMAIL="ci@debrief.invalid"
export GIT_COMMITTER_NAME="debrief ci" GIT_COMMITTER_EMAIL="ci@debrief.invalid"

# --- the hook repository and the rev to pin ------------------------------------------------------
git -C "$hook_src" rev-parse --git-dir >/dev/null 2>&1 || fail "$hook_src is not a git repository"
[ -f "$hook_src/.pre-commit-hooks.yaml" ] || fail "$hook_src has no .pre-commit-hooks.yaml"
if [ -n "$(git -C "$hook_src" status --porcelain --untracked-files=normal)" ]; then
  echo "note: $hook_src has uncommitted changes: the hook is built from a temporary commit of the working tree"
  shadow="$tmp/hook-repo"
  git clone -q "$hook_src" "$shadow"
  # Mirror the working tree: drop every tracked file, then copy what is on disk (minus ignored files).
  git -C "$shadow" ls-files -z | (cd "$shadow" && xargs -0 -r rm -f --)
  (cd "$hook_src" && git ls-files -z --cached --others --exclude-standard \
     | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
     | tar --null -T - -cf -) | tar -C "$shadow" -xf -
  git -C "$shadow" add -A
  git -C "$shadow" commit -q --no-verify --allow-empty -m "working tree of $hook_src"
  hook_repo=$shadow
else
  hook_repo=$hook_src
fi
rev=$(git -C "$hook_repo" rev-parse HEAD)
echo "hook repository: $hook_repo @ $rev"

# From here on git reads no user or system configuration (core.hooksPath, commit signing, templates
# would change what is tested), except that every directory is trusted whoever owns it.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$tmp/gitconfig"
git config --file "$GIT_CONFIG_GLOBAL" safe.directory '*'

# --- the book repository -------------------------------------------------------------------------
book="$tmp/book"
mkdir -p "$book/content/missions/2025"
cd "$book"
git init -q -b main .
printf '[book]\ntitle = "T"\nlanguage = "en"\n' > book.toml
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $hook_repo
    rev: $rev
    hooks:
      - id: debrief-lint
EOF
pre-commit install
start=$SECONDS
echo "building the hook (cargo install --path, release profile; CARGO_TARGET_DIR=$CARGO_TARGET_DIR)..."
if ! pre-commit install-hooks; then
  tail -n 60 "$PRE_COMMIT_HOME/pre-commit.log" 2>/dev/null || true
  fail "pre-commit could not build the debrief-lint hook"
fi
echo "hook built in $((SECONDS - start)) s"
git add book.toml .pre-commit-config.yaml
git commit -q -m "book skeleton" || fail "the first commit (no Markdown, hook skipped) was refused"

# --- 1. a closed mission without a handover section: refused -------------------------------------
mission=content/missions/2025/x.md
cat > "$mission" <<'EOF'
---
title: "Site audit"
client: "Example Client Ltd"
start: 2025-01-06
end: 2025-03-28
status: closed
ended_by: client
contract: { termination_checked: 2025-03-01 }
rgpd: { notified: 2025-03-28, deleted: 2025-04-10 }
---

## Client feedback

The client found the audit clear and asked for a follow-up next year.

## Lessons learned

Agree on the scope in writing before the first invoice.

## Deliverables

- audit report
- redirect map

## Access

- [x] Search Console: my access removed
- [x] Analytics: my access removed
EOF
git add "$mission"
before=$(git rev-parse HEAD)
set +e
out=$(git commit -m "add mission x" 2>&1 </dev/null)
rc=$?
set -e
printf '%s\n' "$out" | sed 's/^/  | /'
status=0
if [ "$rc" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$before" ]; then
  echo "PASS: commit of a closed mission without a handover section is refused (git commit exit $rc)"
else
  echo "FAIL: commit of a closed mission without a handover section was accepted (git commit exit $rc)"
  status=1
fi
if printf '%s\n' "$out" | grep -q 'handover-missing'; then
  echo "PASS: the refusal names handover-missing"
else
  echo "FAIL: the hook output does not contain handover-missing"
  status=1
fi

# --- 2. the same mission with a handover section: accepted ---------------------------------------
cat >> "$mission" <<'EOF'

## Handover

Walked the in-house team through the redirect map and the monitoring dashboard on 2025-03-25.
EOF
git add "$mission"
before=$(git rev-parse HEAD)
set +e
out=$(git commit -m "add mission x with its handover" 2>&1 </dev/null)
rc=$?
set -e
printf '%s\n' "$out" | sed 's/^/  | /'
if [ "$rc" -eq 0 ] && [ "$(git rev-parse HEAD)" != "$before" ] \
   && git cat-file -e "HEAD:$mission" 2>/dev/null; then
  echo "PASS: commit of the mission with a handover section is accepted"
else
  echo "FAIL: commit of the mission with a handover section was refused (git commit exit $rc)"
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "PASS: pre-commit hook debrief-lint"
else
  echo "FAIL: pre-commit hook debrief-lint"
fi
exit "$status"
