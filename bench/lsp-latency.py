#!/usr/bin/env python3
"""Latency of `debrief lsp`: from `didChange` sent to `publishDiagnostics` received, on a generated book.

    python3 bench/lsp-latency.py [--n 1000] [--rounds 50] [--edits 10000]

Uses $DEBRIEF (default: target/release/debrief; run `cargo build --release` first). Generates the
book with bench/gen_corpus.py into a temporary directory, starts `debrief lsp` as a client that is
pushed diagnostics, opens one journal, then ROUNDS times makes a one-line body edit (incremental:
a line appended, then deleted) and waits for the diagnostics of that version. Prints min / median /
max in milliseconds. Then makes EDITS more edits (without waiting for each) and prints the
server's resident memory after the first tenth of them and at the end (it should stay flat,
within 10 %).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import queue
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Client:
    def __init__(self, cmd, cwd):
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 0
        # Read on a thread of its own: a client that writes without reading would block the
        # server on a full pipe.
        self.inbox = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            self.inbox.put(self._frame())

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def recv(self):
        return self.inbox.get(timeout=60)

    def _frame(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit("the server ended")
            line = line.strip()
            if not line:
                break
            name, value = line.split(b":", 1)
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.recv()
            if m.get("id") == self.next_id:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--edits", type=int, default=10000)
    args = ap.parse_args()
    debrief = os.environ.get("DEBRIEF", "target/release/debrief")
    if not os.access(debrief, os.X_OK):
        sys.exit(f"no {debrief}: run cargo build --release, or set DEBRIEF")
    with tempfile.TemporaryDirectory() as work:
        book = os.path.join(work, "book")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--n", str(args.n), "--out", book],
                       check=True, stdout=subprocess.DEVNULL)
        journals = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(book, "content"))
                          for f in fs if f.endswith(".md") and f != "_index.md")
        path = journals[0]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        uri = "file://" + path
        c = Client([os.path.abspath(debrief), "lsp"], book)
        c.request("initialize", {"processId": None, "capabilities": {}})
        c.notify("initialized", {})
        start = time.perf_counter()
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                            "text": text}})
        version = 1

        def wait_version(v):
            while True:
                m = c.recv()
                if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == v:
                    return m

        wait_version(1)
        opened = (time.perf_counter() - start) * 1000
        end_line = text.count("\n")

        def edit(i):
            """One-line body edits that leave the size as it was every second time: even ones
            append a line, odd ones delete it."""
            nonlocal version, end_line
            version += 1
            if i % 2 == 0:
                pos = {"line": end_line, "character": 0}
                change = {"range": {"start": pos, "end": pos}, "text": f"Ligne ajoutée {i}.\n"}
                end_line += 1
            else:
                end_line -= 1
                change = {"range": {"start": {"line": end_line, "character": 0},
                                    "end": {"line": end_line + 1, "character": 0}}, "text": ""}
            c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                "contentChanges": [change]})

        times = []
        for i in range(args.rounds):
            t = time.perf_counter()
            edit(i)
            wait_version(version)
            times.append((time.perf_counter() - t) * 1000)
        print(f"book: {args.n} journals; first open (book load + lint): {opened:.0f} ms")
        print(f"didChange -> publishDiagnostics over {args.rounds} one-line edits: "
              f"min {min(times):.2f} ms, median {statistics.median(times):.2f} ms, max {max(times):.2f} ms")
        if args.edits:
            tenth = max(1, args.edits // 10)
            rss_early = None
            for i in range(args.edits):
                edit(i)
                # Now and then, and before each memory reading, until the server has caught up.
                if i % 100 == 99 or i == tenth - 1 or i == args.edits - 1:
                    wait_version(version)
                if i == tenth - 1:
                    rss_early = c.rss_kib()
            rss_end = c.rss_kib()
            print(f"resident memory after {tenth} edits: {rss_early / 1024:.1f} MiB; after {args.edits}: "
                  f"{rss_end / 1024:.1f} MiB ({(rss_end - rss_early) * 100 / rss_early:+.1f} %)")
        c.request("shutdown", None)
        c.notify("exit", None)
        c.proc.wait(timeout=5)


if __name__ == "__main__":
    main()
