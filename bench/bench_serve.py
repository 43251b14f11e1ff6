"""Edit-to-visible latency of `make serve` against plain `mkdocs serve`, at 100 and 1000 posts.

The coach saves a post and looks at her browser. For each size the same generated corpus
(bench/corpus.py) is served side by side in one run: by `python -m coachsite.serve` (what `make
serve` runs) on our full site, and by `mkdocs serve` on a bare Material blog. For each edit a
new sentence is written into the introduction of one post; the clock runs from just before the
file is saved until an HTTP request serves it, polled every 5 ms:

- "post": the post's own page shows the sentence (the coach's view);
- "index": the blog's index shows it in the post's excerpt (a page that depends on the post);
- "all": ours only, the background full build has finished (the search index holds the
  sentence); plain Material's rebuild is complete when its post shows it.

Medians of several edits count; after each edit both servers are left to finish before the
next. Nothing is asserted; the goal is "post" at most 0.5 s at both sizes.

    .venv/bin/python -m bench.bench_serve [--sizes 100,1000] [--edits 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from bench.bench_build import OURS, PLAIN, build_env, make_project
from tests.conftest import free_port

# The edited post: the 6th newest generated post, on the first page of the blog's index.
EDITED = 5
POLL = 0.005


@dataclass
class Served:
    name: str
    project: Path
    process: subprocess.Popen[bytes]
    base: str
    post_url: str = ""
    latencies: dict[str, list[float]] = field(default_factory=dict)

    def get(self, path: str) -> str:
        with urlopen(self.base + path, timeout=30) as response:
            return response.read().decode()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def start(name: str, project: Path, ours: bool) -> Served:
    port = free_port()
    address = f"127.0.0.1:{port}"
    if ours:
        args = [sys.executable, "-m", "coachsite.serve", "--dev-addr", address]
    else:
        args = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address]
    env = build_env()
    env.pop("URL", None)
    process = subprocess.Popen(
        args, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    served = Served(name, project, process, f"http://{address}/")
    deadline = time.monotonic() + 600
    while True:
        try:
            sitemap = served.get("sitemap.xml")
            break
        except (URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{name}: the server did not start") from None
            time.sleep(0.2)
    # Titles end in "(6)", so the post's URL ends in "-6/".
    match = re.search(rf"<loc>{re.escape(served.base)}([^<]*-{EDITED + 1}/)</loc>", sitemap)
    if match is None:
        raise SystemExit(f"{name}: the edited post is not in the sitemap")
    served.post_url = match.group(1)
    return served


def until(served: Served, path: str, text: str, started: float) -> float:
    while True:
        try:
            if text in served.get(path):
                return time.perf_counter() - started
        except (URLError, ConnectionError):
            pass
        if time.perf_counter() - started > 300:
            raise SystemExit(f"{served.name}: {path} never showed the edit")
        time.sleep(POLL)


def edit_once(served: Served, number: int, ours: bool) -> None:
    post = served.project / "docs" / "blog" / "posts" / f"bench-{EDITED:05d}.md"
    text = post.read_text(encoding="utf-8")
    marker = f"Bewerking{number}{served.name.replace('-', '')}"
    text = re.sub(r"\n(Bewerking\S+ )?(?=[^\n]*\n\n<!-- more -->)", f"\n{marker} ", text, count=1)
    started = time.perf_counter()
    post.write_text(text, encoding="utf-8")
    figures = {"post": until(served, served.post_url, marker, started)}
    figures["index"] = until(served, "blog/", marker, started)
    if ours:
        figures["all"] = until(served, "search/search_index.json", marker, started)
    else:
        figures["all"] = figures["post"]
    for key, value in figures.items():
        served.latencies.setdefault(key, []).append(value)
    print(
        f"  {served.name:<10} edit {number}: "
        + ", ".join(f"{key} {value:.3f} s" for key, value in figures.items()),
        file=sys.stderr,
        flush=True,
    )


def measure(size: int, edits: int, workdir: Path) -> list[Served]:
    servers = []
    for variant in (PLAIN, OURS):
        project = make_project(workdir / f"{variant.name}-{size}", size, variant)
        servers.append(start(f"{variant.name}-{size}", project, variant.ours))
    try:
        time.sleep(2)  # let each settle after its first build
        for number in range(1, edits + 1):
            for served in servers:
                edit_once(served, number, served.name.startswith(OURS.name))
                time.sleep(0.5)
    finally:
        for served in servers:
            served.stop()
    return servers


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as workdir:
        for size in (int(s) for s in args.sizes.split(",")):
            plain, ours = measure(size, args.edits, Path(workdir))
            row = [str(size)]
            for key in ("post", "index", "all"):
                p = statistics.median(plain.latencies[key])
                o = statistics.median(ours.latencies[key])
                row += [f"{p:.3f}", f"{o:.3f}", f"{o / p:.3f}"]
            rows.append(row)
    print("\nEdit to visible in `make serve`, seconds (median of the edits), plain vs ours:")
    head = ["posts"]
    for key in ("post", "index", "all"):
        head += [f"plain {key}", f"ours {key}", "ours/plain"]
    print(" | ".join(head))
    for row in rows:
        print(" | ".join(row))
    print("goal: ours post <= 0.5 s at both sizes; 'all' for plain is its full rebuild")


if __name__ == "__main__":
    main()
