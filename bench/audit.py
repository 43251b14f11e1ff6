"""Lighthouse (mobile preset) on the home page, a post and the contact page.

The site is built with the production command and served as Netlify serves it
(coachsite.preview: our headers, gzip), then Lighthouse 12.2.3 drives Debian's
Chromium. Scores vary from run to run, so they are written to a file and
printed, never asserted.

    python bench/audit.py [--out audit/lighthouse.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from coachsite.preview import make_server  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "audit" / "lighthouse.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site)
        server = make_server(site)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        results = {}
        for name, path in PAGES.items():
            results[name] = summary(lighthouse(base + path, Path(tmp) / f"{name}.json"))
        server.shutdown()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{'page':<8} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>7} {'req':>4}")
    for name, s in results.items():
        print(
            f"{name:<8} {s['performance']:>5} {s['accessibility']:>5} {s['best-practices']:>5} "
            f"{s['seo']:>5} {s['transfer_kb']:>7} {s['requests']:>4}"
        )
    print(f"written to {args.out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
