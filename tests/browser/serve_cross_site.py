#!/usr/bin/env python3
"""Other sites cannot read `debrief serve`, in a real browser: headless Chromium (through
chromedriver's WebDriver API, no Python package needed) opens pages of other origins that load the
private search index with `<script src>` (the pattern of CVE-2025-30359), and a name rebound to
127.0.0.1 (DNS rebinding, simulated with --host-resolver-rules). None of them may read it; the
server's own page must.

    python3 tests/browser/serve_cross_site.py [path/to/debrief]

Exits 0 on success, 1 on failure, 77 when chromium or chromedriver is missing (skipped).
"""
import functools, http.server, json, os, shutil, socket, subprocess, sys, tempfile, threading
import time, urllib.request

SECRET = "Zanzibar Consulting"

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def wait(what, ok, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        try:
            v = ok()
            if v:
                return v
        except Exception:
            pass
        time.sleep(0.1)
    sys.exit(f"FAIL: timed out waiting for {what}")

def main():
    debrief = sys.argv[1] if len(sys.argv) > 1 else "target/debug/debrief"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        print("SKIP: chromium or chromedriver not found"); return 77
    book = tempfile.mkdtemp()
    os.makedirs(f"{book}/content/missions")
    open(f"{book}/book.toml", "w").write('[book]\ntitle = "Browser book"\nlanguage = "en"\n')
    open(f"{book}/content/missions/alpha.md", "w").write(
        f"---\ntitle: \"Alpha\"\nclient: \"{SECRET}\"\nstart: 2025-01-15\nstatus: active\n---\n\n"
        "## Handover\n\nPrivate text.\n")
    port, dport, aport = free_port(), free_port(), free_port()
    # The attacker's page, served from another origin.
    attack = tempfile.mkdtemp()
    open(f"{attack}/attack.html", "w").write(f"""<!doctype html><meta charset="utf-8">
<script>window.result = "pending";</script>
<script src="http://127.0.0.1:{port}/static/search-index.js"
  onload="window.result = JSON.stringify(window.DEBRIEF_SEARCH || null)"
  onerror="window.result = 'blocked'"></script>
""")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    handler = functools.partial(Quiet, directory=attack)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", aport), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = subprocess.Popen([debrief, "--book", book, "--lang", "en", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cd = subprocess.Popen([driver, f"--port={dport}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{dport}"
    def call(method, url, body=None):
        req = urllib.request.Request(base + url, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        return json.load(urllib.request.urlopen(req, timeout=30))["value"]
    sid = None
    try:
        wait("the server", lambda: socket.create_connection(("127.0.0.1", port)))
        wait("chromedriver", lambda: call("GET", "/status")["ready"])
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                                         "--host-resolver-rules=MAP evil.test 127.0.0.1"]}}}}
        sid = call("POST", "/session", caps)["sessionId"]
        s = f"/session/{sid}"
        def script(js):
            return call("POST", f"{s}/execute/sync", {"script": js, "args": []})
        def open_page(url):
            call("POST", f"{s}/url", {"url": url})

        # The server's own page reads its search index.
        open_page(f"http://127.0.0.1:{port}/")
        wait("the site's own page to read the index", lambda: SECRET in json.dumps(
            script("return window.DEBRIEF_SEARCH || null")))
        print("OK: the site's own page reads the private search index")

        # Another site (localhost is not 127.0.0.1): Sec-Fetch-Site cross-site, refused (403).
        # Another port of the same host (same site): answered, but CORP same-origin blocks it.
        for origin in (f"http://localhost:{aport}", f"http://127.0.0.1:{aport}"):
            open_page(f"{origin}/attack.html")
            result = wait(f"the script of {origin} to load or fail",
                          lambda: (r := script("return window.result")) != "pending" and r)
            if result != "blocked" or SECRET in str(result):
                sys.exit(f"FAIL: a page of {origin} read the index: {result[:200]}")
            print(f"OK: a page of {origin} cannot load the search index")

        # DNS rebinding: evil.test resolves to 127.0.0.1; its page gets the 403 text, not the site.
        open_page(f"http://evil.test:{port}/")
        text = wait("the page of evil.test", lambda: script("return document.body.innerText"))
        if SECRET in text or "only answers requests addressed to localhost" not in text:
            sys.exit(f"FAIL: http://evil.test:{port}/ shows {text[:300]!r}")
        index = script(f"""return fetch("/static/search-index.js").then(r => r.status)""")
        if index != 403:
            sys.exit(f"FAIL: a same-origin fetch on evil.test got {index}")
        print("OK: a rebound name gets 403, not the site")
        return 0
    finally:
        if sid:  # the browser is closed on failure too
            try:
                call("DELETE", f"/session/{sid}")
            except Exception:
                pass
        server.terminate(); cd.terminate()
        server.wait(); cd.wait()
        httpd.shutdown()
        shutil.rmtree(book, ignore_errors=True)
        shutil.rmtree(attack, ignore_errors=True)

if __name__ == "__main__":
    sys.exit(main())
