#!/usr/bin/env bash
# Pathological journals: one book per case, each a single journal built to make a super-linear
# step show (unique heading ids, name substitution, sanitising, columns of long lines…). Times
# `debrief build` (private and public) on each with hyperfine and reports peak memory (GNU time).
# The cases are those of the "Trust" issue; every one should build in well under a second.
#
# Usage: bench/pathological.sh [DEBRIEF]     (default: target/release/debrief, built if missing)
# Env: BENCH_RUNS (hyperfine runs per command, default 3). Needs python3, hyperfine, /usr/bin/time.
# Results: bench/out/pathological.md (not committed).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
out="$here/out"
work="$out/pathological"
bin=${1:-$root/target/release/debrief}
runs=${BENCH_RUNS:-3}
mkdir -p "$work"

if [ ! -x "$bin" ]; then
  (cd "$root" && cargo build --release --locked)
fi
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }

python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
head = ('---\ntitle: "Pathologique"\nclient: "Zqx Client"\nclient_alias: "un client"\n'
        'start: 2025-01-01\nstatus: active\npublish: case-study\ncase_study: { consent: 2025-02-01 }\n---\n\n')
cases = {
    "headings":  "## Retour client\n\n" * 20000,          # 20,000 equal headings
    "entries":   "### 2025-03-02 - Point\n\n" * 20000,    # 20,000 journal entries
    "divs":      "<div>\n" * 50000,                       # 50,000 nested raw HTML elements (refused: body-too-deep; --keep-going)
    "links":     "[a](b) " * 100000,                      # 100,000 links to one missing file
    "lines":     "un mot court\n" * 200000,               # one paragraph of 200,000 lines (2.6 MB)
    "stars":     "*a " * 100000,                          # 100,000 unclosed emphases
    "brackets":  "[" * 100000 + "x" + "]" * 100000,       # 100,000 nested brackets
    "names":     "Zqx Client " * 3000000,                 # the client's name 3,000,000 times (33 MB)
}
# A 20 MB journal of ordinary text: headings, paragraphs, lists, tasks, links.
block = ("## Passation\n\nRemis le 2025-06-25 : dépôt, accès, documentation. Voir [le guide](guide.md).\n\n"
         "- [x] Dépôt transféré\n- [ ] Accès retiré\n\n### 2025-03-02 — Point\n\nLe client a validé la maquette, "
         "*avec* quelques **réserves** sur la palette.\n\n> Une citation du comité.\n\n")
cases["big"] = block * (20_000_000 // len(block.encode()))
for name, body in cases.items():
    book = os.path.join(work, name)
    os.makedirs(os.path.join(book, "content", "missions"), exist_ok=True)
    with open(os.path.join(book, "book.toml"), "w") as f:
        f.write('[book]\ntitle = "Pathologique"\nlanguage = "fr"\n')
    with open(os.path.join(book, "content", "missions", "p.md"), "w") as f:
        f.write(head + body)
PY

export DEBRIEF_TODAY=2026-06-30 NO_COLOR=1
table="$out/pathological.md"
{
  echo "| case | journal | private build | public build | peak RSS (private) |"
  echo "|---|---:|---:|---:|---:|"
} > "$table"
for case in headings entries divs links lines stars brackets names big; do
  book="$work/$case"
  size=$(du -k "$book/content/missions/p.md" | cut -f1)
  times=()
  for audience in private public; do
    hyperfine -N --runs "$runs" --export-json "$work/$case-$audience.json" \
      "$bin --book $book build --keep-going --audience $audience --dest $work/site-$case-$audience --quiet" >/dev/null
    times+=("$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['mean']:.2f} s ± {r['stddev']:.2f}\")" "$work/$case-$audience.json")")
  done
  rss=$(/usr/bin/time -f "%M" "$bin" --book "$book" build --keep-going --audience private --dest "$work/site-$case-rss" --quiet 2>&1 >/dev/null | tail -1)
  echo "| $case | ${size} KB | ${times[0]} | ${times[1]} | $((rss / 1024)) MiB |" >> "$table"
done
cat "$table"
