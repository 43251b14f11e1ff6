"""hooks/speed.py changes how fast the site builds, never what it builds.

The same project is built twice, with the hook and without, and every file of the two sites is
compared byte for byte. SOURCE_DATE_EPOCH fixes the build date, which MkDocs (sitemap), the RSS
plugin (feed dates) and every other date stamp take from it, so that nothing at all may differ.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.bench_build import set_speed_hook
from bench.corpus import write_posts
from tests.conftest import build_env, copy_project
from tests.speed.example import HANDWRITTEN, POSTS, write_example

# 1 November 2026, 12:00 UTC: any fixed moment will do.
BUILD_EPOCH = "1793534400"
COUNTS = re.compile(
    r"(Excerpts|Navigation|Tabs|Header|Markdown instances|Excerpt Markdown instances): "
    r"(\d+) (?:converted|rendered|made), (\d+) reused"
)


@dataclass(frozen=True)
class Builds:
    fast: Path
    plain: Path
    counts: dict[str, tuple[int, int]]
    log: str  # of the build with the hook


def build_both(project: Path, out: Path, python: str | Path = sys.executable) -> Builds:
    """Build `project` with and without the hook, side by side, from two copies of it.

    `python` runs MkDocs: another interpreter may have other releases installed.
    """
    running = {}
    for name, enabled in (("with", True), ("without", False)):
        copy = out / f"project-{name}"
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns("__pycache__"))
        set_speed_hook(copy / "mkdocs.yml", enabled)
        args = [str(python), "-m", "mkdocs", "build", "--strict", "--verbose"]
        args += ["-f", str(copy / "mkdocs.yml"), "-d", str(out / f"site-{name}")]
        running[name] = subprocess.Popen(
            args,
            cwd=copy,
            env=build_env(SOURCE_DATE_EPOCH=BUILD_EPOCH),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    logs = {}
    for name, process in running.items():
        logs[name], _ = process.communicate(timeout=300)
        assert process.returncode == 0, logs[name][-3000:]
    counts = {m[1]: (int(m[2]), int(m[3])) for m in COUNTS.finditer(logs["with"])}
    return Builds(out / "site-with", out / "site-without", counts, logs["with"])


def differing_files(fast: Path, plain: Path) -> tuple[int, list[str]]:
    """How many files the sites have, and which differ (or exist in one only)."""
    fast_files = {p.relative_to(fast).as_posix() for p in fast.rglob("*") if p.is_file()}
    plain_files = {p.relative_to(plain).as_posix() for p in plain.rglob("*") if p.is_file()}
    different = sorted(fast_files ^ plain_files)
    for name in sorted(fast_files & plain_files):
        if (fast / name).read_bytes() != (plain / name).read_bytes():
            different.append(name)
    return len(fast_files | plain_files), different


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    out = tmp_path_factory.mktemp("speed-example")
    return build_both(write_example(out / "example"), out)


def test_example_blog_is_byte_identical_with_the_hook(example: Builds) -> None:
    files, different = differing_files(example.fast, example.plain)
    assert files > 100
    assert different == []
    assert "Speed patch" not in example.log  # every patch was on


def test_example_build_reused_excerpts_and_navigation(example: Builds) -> None:
    """Else the comparison above would prove nothing about the caches."""
    converted, reused = example.counts["Excerpts"]
    assert reused > converted / 2 > 0
    _, reused = example.counts["Navigation"]
    # Every post's sidebar but the first, and those of most pagination pages of the views.
    paginated = len(list(example.fast.glob("blog/**/page/*/index.html")))
    assert paginated > 10
    assert reused >= POSTS + paginated // 2
    rendered, reused = example.counts["Tabs"]
    assert rendered + reused == pages(example.fast) + 1  # and the 404 page
    assert reused > 4 * rendered
    rendered, reused = example.counts["Header"]
    assert rendered + reused == pages(example.fast) + 1
    assert reused > 4 * rendered
    made, reused = example.counts["Markdown instances"]
    assert (made, reused) == (1, pages(example.fast) - 1)
    # One shared by the excerpts, and one of its own for the post with footnotes.
    made, reused = example.counts["Excerpt Markdown instances"]
    assert (made, reused) == (2, POSTS + len(HANDWRITTEN) - 1)


def pages(site: Path) -> int:
    """How many pages MkDocs rendered from Markdown (the 404 page comes from a template)."""
    return sum(1 for _ in site.rglob("index.html"))


def test_footnoted_excerpt_differs_between_views(example: Builds) -> None:
    """Why the excerpt cache leaves posts with footnotes alone: Material's own HTML varies."""
    refs = set()
    for html_file in example.plain.joinpath("blog").rglob("index.html"):
        html = html_file.read_text(encoding="utf-8")
        if "Met een voetnoot" in html and "/voetnoot/" not in html_file.as_posix():
            refs.add(tuple(re.findall(r'id="(fnref[^"]*)"', html)))
    assert len(refs) > 1, refs


def test_real_site_is_byte_identical_with_the_hook(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "real")
    write_posts(project / "docs", 40)
    builds = build_both(project, tmp_path)

    files, different = differing_files(builds.fast, builds.plain)
    assert files > 100
    assert different == []
    converted, reused = builds.counts["Excerpts"]
    assert reused > converted / 2 > 0
    made, reused = builds.counts["Markdown instances"]
    assert made == 1
    assert reused > 40
    _, reused = builds.counts["Excerpt Markdown instances"]
    assert reused >= 40
    _, reused = builds.counts["Tabs"]
    assert reused >= 40
    _, reused = builds.counts["Header"]
    assert reused >= 40
