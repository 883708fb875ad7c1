#!/usr/bin/env python3
"""`deadlines.ics` must parse in Python's `icalendar` (deadlines.md), as a calendar application
reads it: `debrief todo --format ics` and the private build's `deadlines.ics`, from a small book
whose texts need escaping and folding (commas, semicolons, a backslash, accents, long titles).

Usage: python3 .ci/ics-check.py path/to/debrief   (needs `pip install icalendar`)
"""

import datetime
import pathlib
import subprocess
import sys
import tempfile

import icalendar

JOURNAL = """---
title: "Refonte SEO du site de la Boutique Lumière; été 2025, phase 2 \\\\ bis"
client: "Boutique Lumière"
start: 2025-01-06
end: 2025-03-01
status: ending
ended_by: client
notice: { given: 2025-02-01 }
contract: { notice_months: 1 }
deposit: { amount: 500, requested: 2025-01-02 }
feedback: { requested: 2025-02-20 }
invoices:
  - { number: "2025-014", amount: 1800, issued: 2025-02-01, due: 2025-03-03 }
  - { number: "2025-015", amount: 250.5, issued: 2025-01-20, due: 2025-02-20, formal_notice: 2025-03-05 }
---

## Accès

- [ ] Google Ads, compte; principal
- [ ] Search Console
"""

TITLE = "Refonte SEO du site de la Boutique Lumière; été 2025, phase 2 \\ bis"


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def check(name, data):
    if not data.endswith(b"END:VCALENDAR\r\n"):
        fail(f"{name}: does not end with END:VCALENDAR and CRLF")
    for number, line in enumerate(data.split(b"\r\n"), 1):
        if b"\n" in line or b"\r" in line:
            fail(f"{name}:{number}: a bare CR or LF")
        if len(line) > 75:
            fail(f"{name}:{number}: {len(line)} octets (75 at most)")
    calendar = icalendar.Calendar.from_ical(data)
    for key, want in [("VERSION", "2.0"), ("CALSCALE", "GREGORIAN")]:
        if str(calendar.get(key)) != want:
            fail(f"{name}: {key} is {calendar.get(key)!r}, not {want}")
    if not str(calendar.get("PRODID", "")).startswith("-//debrief//"):
        fail(f"{name}: PRODID {calendar.get('PRODID')!r}")
    todos = list(calendar.walk("VTODO"))
    if len(todos) != 13:
        fail(f"{name}: {len(todos)} VTODOs, not 13")
    uids = [str(t["UID"]) for t in todos]
    if len(set(uids)) != len(uids):
        fail(f"{name}: UIDs repeat: {uids}")
    for todo in todos:
        due = todo.decoded("DUE")
        if type(due) is not datetime.date:
            fail(f"{name}: DUE {due!r} is not a date")
        if str(todo["STATUS"]) != "NEEDS-ACTION":
            fail(f"{name}: STATUS {todo['STATUS']!r}")
        summary = str(todo["SUMMARY"])
        if not summary.endswith(" — " + TITLE):
            fail(f"{name}: SUMMARY not unescaped back to the title: {summary!r}")
    access = [t for t in todos if str(t["UID"]) == "access-removal.0.refonte-seo@debrief"]
    if not access:
        fail(f"{name}: no access-removal.0.refonte-seo@debrief among {uids}")
    summary = str(access[0]["SUMMARY"])
    if "«\u00a0Google Ads, compte; principal\u00a0»" not in summary:
        fail(f"{name}: access SUMMARY {summary!r}")
    description = str(access[0]["DESCRIPTION"])
    if not description.endswith("\ncontent/missions/2025/refonte-seo.md:19"):
        fail(f"{name}: DESCRIPTION {description!r}")
    print(f"ok: {name}: {len(todos)} VTODOs parsed by icalendar {icalendar.__version__}")


def main():
    debrief = pathlib.Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        book = pathlib.Path(tmp) / "book"
        (book / "content/missions/2025").mkdir(parents=True)
        (book / "book.toml").write_text('[book]\ntitle = "Carnet"\nlanguage = "fr"\n')
        (book / "content/missions/2025/refonte-seo.md").write_text(JOURNAL)
        base = [str(debrief), "--book", str(book)]
        todo = subprocess.run(
            base + ["todo", "--today", "2025-03-10", "--format", "ics"],
            capture_output=True,
            check=True,
        )
        check("todo --format ics", todo.stdout)
        site = pathlib.Path(tmp) / "site"
        subprocess.run(
            base + ["build", "--audience", "private", "--today", "2025-03-10", "--dest", str(site)],
            capture_output=True,
            check=True,
        )
        check("private build deadlines.ics", (site / "deadlines.ics").read_bytes())


if __name__ == "__main__":
    main()
