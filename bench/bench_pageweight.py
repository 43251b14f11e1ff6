"""First-load bytes of a post page on a phone, the real site against plain Material for MkDocs.

For each size (1, 100 and 1000 generated posts, bench/corpus.py) both sites are built side by
side, as bench/bench_build.py builds them: plain Material (theme material, the blog and search
plugins, nothing of ours) and our full configuration. Each build is served the way Netlify
serves it (coachsite.preview: our headers, brotli/gzip), and Debian's Chromium opens the newest
generated post at 390 x 844 px (a phone), with an empty cache. Every byte the server writes
until the page is loaded and the network has been idle for a second is counted: status line,
headers and compressed body of every request, the search worker's too. The server counts
them, not the browser, which reports no size for a worker's own script.

The goal (issue 11) is a post page of at most 50 KB that stays the same at every size. For
ours, the table also shows what the first search costs (the "/" key and a query), which
Material fetches on every page load and we only when the reader turns to the search box.

    .venv/bin/python -m bench.bench_pageweight                  # 1, 100, 1000 posts
    .venv/bin/python -m bench.bench_pageweight --sizes 1,100    # quicker
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from bench.bench_build import OURS, PLAIN, Variant, make_project, timed_build
from coachsite.preview import NetlifyLikeHandler, make_server

REPO = Path(__file__).resolve().parents[1]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
GOAL_KB = 50
QUERY = "kwetsbaarheid"
# The newest generated post, "Feedback geven … (1)": the same page in both sites.
POST_DIR = re.compile(r"feedback-geven-[a-z-]+-1")


@dataclass
class Ledger:
    """Bytes the server wrote, request by request, in the order they were answered."""

    entries: list[tuple[str, int]] = field(default_factory=list)
    header_bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def since(self, mark: int) -> list[tuple[str, int]]:
        with self.lock:
            return list(self.entries[mark:])


class _CountingWriter:
    def __init__(self, raw, counter: list[int]) -> None:
        self.raw = raw
        self.counter = counter

    def write(self, data: bytes) -> int:
        self.counter[0] += len(data)
        return self.raw.write(data)

    def __getattr__(self, name: str):
        return getattr(self.raw, name)


class CountingHandler(NetlifyLikeHandler):
    """The preview server's handler, counting what it writes for each request."""

    def __init__(self, *args, ledger: Ledger, **kw) -> None:
        self.ledger = ledger
        super().__init__(*args, **kw)

    def setup(self) -> None:
        super().setup()
        self.written = [0]
        self.wfile = _CountingWriter(self.wfile, self.written)

    def handle_one_request(self) -> None:
        self.before = self.written[0]
        super().handle_one_request()
        sent = self.written[0] - self.before
        if sent:
            with self.ledger.lock:
                self.ledger.entries.append((urlsplit(self.path).path, sent))

    def end_headers(self) -> None:
        super().end_headers()
        with self.ledger.lock:
            self.ledger.header_bytes += self.written[0] - self.before


@contextmanager
def serving(site: Path) -> Iterator[tuple[str, Ledger]]:
    server = make_server(site)
    ledger = Ledger()
    handler = server.RequestHandlerClass
    server.RequestHandlerClass = partial(
        CountingHandler, *handler.args, ledger=ledger, **handler.keywords
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", ledger
    finally:
        server.shutdown()
        server.server_close()


def post_path(site: Path) -> str:
    """The URL path of the newest generated post in this build."""
    for index in sorted(site.glob("blog/**/index.html")):
        if POST_DIR.fullmatch(index.parent.name):
            return index.parent.relative_to(site).as_posix() + "/"
    raise SystemExit(f"no generated post in {site}")


@dataclass(frozen=True)
class Load:
    """What one page view fetched: (path, bytes) per request, before and after a first search."""

    first: list[tuple[str, int]]
    first_headers: int
    search: list[tuple[str, int]] | None
    foreign: list[str]

    @staticmethod
    def kb(entries: Sequence[tuple[str, int]]) -> float:
        return sum(size for _, size in entries) / 1024


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    time.sleep(1)


def load(browser, site: Path, *, search: bool) -> Load:
    with serving(site) as (base, ledger):
        context = browser.new_context(locale="nl-NL", **PHONE)
        page = context.new_page()
        urls: list[str] = []
        page.on("request", lambda request: urls.append(request.url))
        page.goto(base + post_path(site))
        settle(page)
        first = ledger.since(0)
        first_headers = ledger.header_bytes
        mark = len(first)
        searched = None
        if search:
            page.keyboard.press("/")
            page.keyboard.type(QUERY)
            page.wait_for_selector(".md-search-result__item", timeout=30_000)
            settle(page)
            searched = ledger.since(mark)
        context.close()
    own = urlsplit(base).netloc
    foreign = [
        u for u in urls if urlsplit(u).scheme.startswith("http") and urlsplit(u).netloc != own
    ]
    return Load(first, first_headers, searched, foreign)


def measure(sizes: Sequence[int], workdir: Path) -> dict[tuple[int, str], Load]:
    from playwright.sync_api import sync_playwright

    results: dict[tuple[int, str], Load] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in sizes:
            for variant in (PLAIN, OURS):
                site = build(workdir, size, variant)
                results[size, variant.name] = load(browser, site, search=variant is OURS)
                print(
                    f"  {size:>5} posts  {variant.name:<5} "
                    f"{Load.kb(results[size, variant.name].first):7.1f} KB",
                    file=sys.stderr,
                    flush=True,
                )
        browser.close()
    return results


def build(workdir: Path, size: int, variant: Variant) -> Path:
    project = workdir / f"{variant.name}-{size}"
    shutil.rmtree(project, ignore_errors=True)  # a kept folder of an earlier run
    make_project(project, size, variant)
    site = workdir / f"site-{variant.name}-{size}"
    timing = timed_build(project, site)
    print(f"  {size:>5} posts  {variant.name:<5} built in {timing.wall:.1f} s", file=sys.stderr)
    return site


def table(sizes: Sequence[int], results: dict[tuple[int, str], Load]) -> str:
    head = ["posts", "plain KB", "ours KB", "ours/plain", "ours req", "ours headers KB"]
    head.append("ours 1st search KB")
    rows = [head]
    for size in sizes:
        plain, ours = results[size, PLAIN.name], results[size, OURS.name]
        rows.append(
            [
                str(size),
                f"{Load.kb(plain.first):.1f}",
                f"{Load.kb(ours.first):.1f}",
                f"{Load.kb(ours.first) / Load.kb(plain.first):.2f}",
                str(len(ours.first)),
                f"{ours.first_headers / 1024:.1f}",
                f"{Load.kb(ours.search):.1f}" if ours.search is not None else "-",
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def breakdown(entries: Sequence[tuple[str, int]]) -> str:
    merged: dict[str, tuple[int, int]] = {}
    for path, size in entries:
        count, total = merged.get(path, (0, 0))
        merged[path] = (count + 1, total + size)
    ordered = sorted(merged.items(), key=lambda item: -item[1][1])
    return "\n".join(
        f"  {total / 1024:7.1f} KB  {path}" + (f"  ({count}x)" if count > 1 else "")
        for path, (count, total) in ordered
    )


def verdict(sizes: Sequence[int], results: dict[tuple[int, str], Load]) -> str:
    ours = [Load.kb(results[size, OURS.name].first) for size in sizes]
    spread = max(ours) - min(ours)
    lines = [
        f"goal <= {GOAL_KB} KB at every size: "
        + ("met" if max(ours) <= GOAL_KB else f"not met (largest {max(ours):.1f} KB)"),
        f"same at every size: spread {spread:.1f} KB between {min(sizes)} and {max(sizes)} posts",
    ]
    foreign = sorted(
        {u for (_, name), load in results.items() if name == OURS.name for u in load.foreign}
    )
    lines.append(
        f"ours, requests to other hosts: {len(foreign)}" + (f" {foreign}" if foreign else "")
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1,100,1000", help="comma-separated post counts")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        results = measure(sizes, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-pageweight-") as workdir:
            results = measure(sizes, Path(workdir))
    print("\nPost page, first load on a phone (390 px), KB sent by the server before any")
    print("interaction (headers + compressed bodies), plain Material for MkDocs vs ours:")
    print(table(sizes, results))
    largest = max(sizes)
    print(f"\nOurs at {largest} posts, by request:")
    print(breakdown(results[largest, OURS.name].first))
    print(f"\nPlain Material at {largest} posts, by request:")
    print(breakdown(results[largest, PLAIN.name].first))
    print()
    print(verdict(sizes, results))


if __name__ == "__main__":
    main()
