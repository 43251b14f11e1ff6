"""Lighthouse (mobile preset) on the home page, a post and the contact page.

The site is built with the production command and served as Netlify serves it
(coachsite.preview: our headers, gzip), then Lighthouse 12.2.3 drives Debian's
Chromium, three times per page (`--runs`): the median of each score is reported,
with the lowest and highest performance score beside it. Scores vary from run
to run, so they are written to a file and printed, never asserted.

    python -m bench.audit [--runs 3] [--out audit/lighthouse.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from coachsite.preview import make_server

REPO = Path(__file__).resolve().parents[1]

PAGES = {"home": "", "post": "blog/kwetsbaar/", "contact": "gesprek/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run --disable-quic --disable-sync"
)


def build(site: Path) -> None:
    env = dict(os.environ, DISABLE_MKDOCS_2_WARNING="true", NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=REPO,
        env=env,
        check=True,
    )


def lighthouse(url: str, report: Path) -> dict:
    binary = REPO / "node_modules" / ".bin" / "lighthouse"
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=" + ",".join(CATEGORIES),
        ],
        env=env,
        check=True,
        timeout=300,
    )
    return json.loads(report.read_text(encoding="utf-8"))


def summary(result: dict) -> dict:
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    items = result["audits"]["network-requests"]["details"]["items"]
    scores["transfer_kb"] = round(sum(item.get("transferSize", 0) for item in items) / 1024, 1)
    scores["requests"] = len(items)
    hosts = {item["url"].split("/")[2] for item in items if item["url"].startswith("http")}
    scores["hosts"] = sorted(hosts)
    return scores


def median(runs: list[dict]) -> dict:
    """The median of every figure over the runs of one page, and the spread of performance."""
    result: dict = {}
    for key in (*CATEGORIES, "transfer_kb", "requests"):
        result[key] = statistics.median(run[key] for run in runs)
    result["performance_runs"] = [run["performance"] for run in runs]
    result["hosts"] = sorted({host for run in runs for host in run["hosts"]})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "audit" / "lighthouse.json")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site)
        server = make_server(site)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        results = {}
        for name, path in PAGES.items():
            runs = [
                summary(lighthouse(base + path, Path(tmp) / f"{name}-{run}.json"))
                for run in range(args.runs)
            ]
            results[name] = median(runs)
        server.shutdown()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"Lighthouse mobile, median of {args.runs} runs per page")
    print(
        f"{'page':<8} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>7} {'req':>4}"
        "  perf per run  other hosts"
    )
    for name, s in results.items():
        print(
            f"{name:<8} {s['performance']:>5g} {s['accessibility']:>5g} "
            f"{s['best-practices']:>5g} {s['seo']:>5g} {s['transfer_kb']:>7g} {s['requests']:>4g}"
            f"  {' '.join(map(str, s['performance_runs'])):<12}  {len(s['hosts']) - 1}"
        )
    print(f"written to {args.out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
