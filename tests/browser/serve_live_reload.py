#!/usr/bin/env python3
"""Live reload in a real browser: headless Chromium (through chromedriver's WebDriver API, no
Python package needed) opens a mission page served by `debrief serve`; the journal is changed on
disk; the new text must appear without any action in the browser, at the same URL. Then a broken
front matter must show the error overlay, and fixing it must remove the overlay.

    python3 tests/browser/serve_live_reload.py [path/to/debrief]

Exits 0 on success, 1 on failure, 77 when chromium or chromedriver is missing (skipped).
"""
import json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

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

def journal(text):
    return ("---\ntitle: \"Alpha\"\nclient: \"Acme\"\nstart: 2025-01-15\nstatus: active\n---\n\n"
            f"## Handover\n\n{text}\n")

def main():
    debrief = sys.argv[1] if len(sys.argv) > 1 else "target/debug/debrief"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        print("SKIP: chromium or chromedriver not found"); return 77
    book = tempfile.mkdtemp()
    os.makedirs(f"{book}/content/missions")
    open(f"{book}/book.toml", "w").write('[book]\ntitle = "Browser book"\nlanguage = "en"\n')
    path = f"{book}/content/missions/alpha.md"
    open(path, "w").write(journal("First text."))
    port, dport = free_port(), free_port()
    server = subprocess.Popen([debrief, "--book", book, "--lang", "en", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cd = subprocess.Popen([driver, f"--port={dport}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{dport}"
    def call(method, url, body=None):
        req = urllib.request.Request(base + url, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        return json.load(urllib.request.urlopen(req, timeout=30))["value"]
    try:
        wait("the server", lambda: socket.create_connection(("127.0.0.1", port)))
        wait("chromedriver", lambda: call("GET", "/status")["ready"])
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu"]}}}}
        sid = call("POST", "/session", caps)["sessionId"]
        s = f"/session/{sid}"
        def script(js):
            return call("POST", f"{s}/execute/sync", {"script": js, "args": []})
        url = f"http://127.0.0.1:{port}/missions/alpha/index.html"
        call("POST", f"{s}/url", {"url": url})
        wait("the first text", lambda: "First text." in script("return document.body.innerText"))
        script("window.__marker = 1")  # gone after a reload
        time.sleep(0.5)  # let the page's event stream connect
        open(path, "w").write(journal("Second text."))
        wait("the new text without any action", lambda: "Second text." in script("return document.body.innerText"))
        assert script("return location.href") == url, "same URL after reload"
        assert script("return window.__marker === undefined"), "the page was reloaded"
        print("OK: the page reloaded with the new text at the same URL")
        open(path, "w").write("---\ntitle: [broken\n---\n")
        overlay = wait("the error overlay", lambda: script(
            "var e = document.getElementById('__debrief-error'); return e && e.textContent"))
        assert "content/missions/alpha.md:" in overlay, overlay
        assert "Second text." in script("return document.body.innerText"), "old page still shown"
        print(f"OK: error overlay shown: {overlay.splitlines()[0]}")
        open(path, "w").write(journal("Third text."))
        wait("the fixed page", lambda: "Third text." in script("return document.body.innerText"))
        assert script("return document.getElementById('__debrief-error') === null"), "overlay gone"
        print("OK: overlay gone after the fix")
        try:
            call("DELETE", s)
        except Exception:
            pass
        return 0
    finally:
        server.terminate(); cd.terminate()
        server.wait(); cd.wait()
        shutil.rmtree(book, ignore_errors=True)

if __name__ == "__main__":
    sys.exit(main())
