#!/usr/bin/env bash
# Time from saving one journal to the `reload` event of `debrief serve`, on a generated book.
#
#   bench/serve-latency.sh [--n 1000] [--runs 20] [--audience private|public]
#
# Builds nothing: uses $DEBRIEF (default: target/release/debrief; run `cargo build --release`
# first). Generates the book with bench/gen_corpus.py into a temporary directory, starts the
# server on a free loopback port, connects to its event stream, then RUNS times appends a line to
# one journal and waits for `reload`. Prints min / median / p95 / max in milliseconds (p95: the
# nearest-rank 95th percentile).
set -euo pipefail
cd "$(dirname "$0")/.."
N=1000
RUNS=20
AUDIENCE=private
while [ $# -gt 0 ]; do
  case "$1" in
    --n) N="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --audience) AUDIENCE="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
DEBRIEF="${DEBRIEF:-target/release/debrief}"
[ -x "$DEBRIEF" ] || { echo "no $DEBRIEF: run cargo build --release, or set DEBRIEF" >&2; exit 2; }
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
python3 bench/gen_corpus.py --n "$N" --out "$WORK/book" >/dev/null
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$DEBRIEF" --book "$WORK/book" --lang en serve --audience "$AUDIENCE" --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
JOURNAL="$(find "$WORK/book/content" -name '*.md' ! -name '_index.md' | sort | sed -n 1p)"
python3 - "$PORT" "$JOURNAL" "$RUNS" "$N" <<'PY'
import socket, statistics, sys, time
port, journal, runs, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
deadline = time.time() + 120
while True:
    try:
        s = socket.create_connection(("127.0.0.1", port)); break
    except OSError:
        if time.time() > deadline: sys.exit("the server did not start")
        time.sleep(0.05)
s.sendall(f"GET /__debrief/events HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
buf = b""
def wait_for(marker, timeout=30):
    global buf
    end = time.time() + timeout
    while marker not in buf:
        s.settimeout(max(0.01, end - time.time()))
        chunk = s.recv(65536)
        if not chunk: sys.exit("event stream closed")
        buf += chunk
    buf = buf[buf.index(marker) + len(marker):]
wait_for(b": connected")
times = []
for i in range(runs):
    time.sleep(0.3)  # let the previous rebuild settle
    t0 = time.perf_counter()
    with open(journal, "a") as f:
        f.write(f"\nLatency run {i}.\n")
    wait_for(b"event: reload")
    times.append((time.perf_counter() - t0) * 1000)
ranked = sorted(times)
p95 = ranked[max(0, -(-95 * len(ranked) // 100) - 1)]  # nearest rank: ceil(0.95 n)
print(f"debrief serve, {n} missions, {runs} saves: save → reload "
      f"min {min(times):.1f} ms, median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
      f"max {max(times):.1f} ms")
PY
grep -E "^(Built|Rebuilt)" "$WORK/serve.log" | sed -n '1p;$p'
