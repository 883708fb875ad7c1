#!/usr/bin/env bash
# Fingerprint everything debrief writes for a fixed input, to check that a refactoring changed no
# output byte: the example book and a generated corpus of 300 missions, built for both audiences,
# linted in every format, and the rule catalog and explanations in both languages. Prints one
# `sha256  name` line per output file (paths inside a site included); compare two revisions with
#   bench/same-output.sh > before.txt; (change, rebuild); bench/same-output.sh | diff before.txt -
# Usage: bench/same-output.sh [DEBRIEF_BINARY]      (default: target/debug/debrief)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
bin=${1:-$root/target/debug/debrief}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DEBRIEF_TODAY=2026-06-30 NO_COLOR=1 LANG=C.UTF-8
unset LC_ALL LC_MESSAGES

cp -r "$root/content" "$root/book.toml" "$work/" && mkdir -p "$work/example" && mv "$work/content" "$work/book.toml" "$work/example/"
python3 "$here/gen_corpus.py" --n 300 --out "$work/corpus" > /dev/null

run() { # name, command...: stdout, stderr (timings removed) and exit code
  local name=$1; shift
  local code=0
  "$@" > "$work/out/$name.stdout" 2> "$work/out/$name.stderr" || code=$?
  echo "$code" > "$work/out/$name.code"
  sed -i -E -e 's/[0-9]+[.,][0-9]+( |\xc2\xa0)s\b/<secs> s/g' -e "s|$work|<work>|g" "$work/out/$name.stdout" "$work/out/$name.stderr"
}
mkdir -p "$work/out"
for book in example corpus; do
  for audience in public private; do
    run "$book-build-$audience" "$bin" --book "$work/$book" build --audience "$audience" --dest "$work/sites/$book-$audience"
  done
  for format in human json sarif github; do
    for lang in fr en; do
      run "$book-lint-$format-$lang" "$bin" --book "$work/$book" --lang "$lang" lint --format "$format"
    done
  done
done
for lang in fr en; do
  for format in text json markdown; do
    run "rules-$format-$lang" "$bin" --book "$work/example" --lang "$lang" rules --format "$format"
  done
  for rule in $("$bin" --book "$work/example" rules --format json | python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)))'); do
    run "explain-$rule-$lang" "$bin" --book "$work/example" --lang "$lang" explain "$rule"
  done
done
cd "$work" && find out sites -type f -print0 | sort -z | xargs -0 sha256sum
