"""Build time of the site against plain Material for MkDocs, at 10, 100 and 1000 posts.

For each size the same generated corpus (bench/corpus.py) is built side by side in one run:
by a bare Material blog (theme material, the blog and search plugins, nothing of ours), and by
our full configuration (a copy of the repo's mkdocs.yml, overrides, hooks, coachsite and pages)
with the image cache of the deploy before ("ours", as Netlify keeps it) and without it
("ours-cold": every share card drawn). Each build runs in its own `mkdocs build` subprocess,
as Netlify runs it; the best of a few repetitions counts, since these machines are noisy. The
figures that matter are the ratio ours/plain, and the cost per post between sizes: a build that
grows linearly costs the same per added post from 100 to 1000 as from 10 to 100.

    .venv/bin/python -m bench.bench_build                  # 10, 100, 1000 posts
    .venv/bin/python -m bench.bench_build --quick          # 10, 100 posts, one run each
    .venv/bin/python -m bench.bench_build --sizes 100 --without-speed
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import write_authors, write_posts

REPO = Path(__file__).resolve().parents[1]

SPEED_HOOK = "hooks/speed.py"
SITE_URL = "https://coach.test/"

PLAIN_CONFIG = f"""\
site_name: Bench
site_url: {SITE_URL}
theme:
  name: material
plugins:
  - search
  - blog
"""

# The folders of the real site a full build needs.
PROJECT_PARTS = ("docs", "overrides", "hooks", "coachsite", "contact")


@dataclass(frozen=True)
class Variant:
    """One way to build the corpus: a name for the table and how to lay out the project."""

    name: str
    ours: bool
    speed: bool = True
    # Our build keeps drawn share cards and WebP copies in .cache/, which Netlify keeps
    # between deploys (netlify/plugins/keep-cache): "warm" times a deploy with the cache of
    # the one before (filled by an untimed build first), "cold" the first deploy, or one after
    # "Clear cache and deploy site" (the cache removed before every run).
    cache: str = "warm"


PLAIN = Variant("plain", ours=False)
OURS = Variant("ours", ours=True, speed=True)
OURS_COLD = Variant("ours-cold", ours=True, speed=True, cache="cold")
OURS_WITHOUT_SPEED = Variant("ours-no-speed", ours=True, speed=False)


def set_speed_hook(mkdocs_yml: Path, enabled: bool) -> None:
    """Add hooks/speed.py as the first hook, or take it out, whatever the repo has now.

    The text is edited rather than parsed and dumped, so that `!ENV` tags and comments stay.
    """
    text = mkdocs_yml.read_text(encoding="utf-8")
    text = re.sub(rf"^[ \t]*- {re.escape(SPEED_HOOK)}[ \t]*\n", "", text, flags=re.M)
    if enabled:
        if not re.search(r"^hooks:[ \t]*\n", text, flags=re.M):
            text += "\nhooks:\n"
        text = re.sub(r"^hooks:[ \t]*\n", f"hooks:\n  - {SPEED_HOOK}\n", text, count=1, flags=re.M)
    mkdocs_yml.write_text(text, encoding="utf-8")


def make_project(target: Path, posts: int, variant: Variant) -> Path:
    """A project in `target` with `posts` generated posts, laid out for `variant`."""
    target.mkdir(parents=True, exist_ok=True)
    if variant.ours:
        for name in PROJECT_PARTS:
            if (REPO / name).exists():
                shutil.copytree(
                    REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__")
                )
        shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
        set_speed_hook(target / "mkdocs.yml", variant.speed)
    else:
        (target / "docs").mkdir()
        (target / "docs" / "index.md").write_text("# Bench\n", encoding="utf-8")
        write_authors(target / "docs")
        (target / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    write_posts(target / "docs", posts)
    return target


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DISABLE_MKDOCS_2_WARNING="true",
        NO_MKDOCS_2_WARNING="1",
        URL=SITE_URL,
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


@dataclass(frozen=True)
class Timing:
    """One build: wall-clock seconds, and CPU seconds (user + system) of the build process.

    The build is single-threaded, so on an idle machine the two agree; on a busy one the CPU
    time is the steadier figure, since waiting for a core is not counted.
    """

    wall: float
    cpu: float


def timed_build(project: Path, site_dir: Path) -> Timing:
    """Time one `mkdocs build` subprocess, interpreter start-up included.

    Not `--strict`: a warning (say, from a page someone is still writing in the work tree)
    changes nothing to the time, and the benchmark should still measure; warnings are shown.
    """
    if site_dir.exists():
        shutil.rmtree(site_dir)
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")]
    args += ["-d", str(site_dir)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(args, cwd=project, env=build_env(), capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{result.stderr[-4000:]}")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    if warnings:
        print(
            f"  {project.name}: {len(warnings)} warning(s), first: {warnings[0]}", file=sys.stderr
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


Best = dict[tuple[int, str], Timing]


def measure(
    sizes: Sequence[int], variants: Sequence[Variant], repeat: int | None, workdir: Path
) -> Best:
    """Best wall and best CPU time per (size, variant); the variants alternate, run by run."""
    best: Best = {}
    for size in sizes:
        projects = {v.name: make_project(workdir / f"{v.name}-{size}", size, v) for v in variants}
        runs = repeat if repeat is not None else (3 if size <= 100 else 1)
        for v in variants:
            if v.ours and v.cache == "warm":
                timed_build(projects[v.name], workdir / f"site-{v.name}-{size}")
        for run in range(runs):
            for v in variants:
                if v.cache == "cold":
                    shutil.rmtree(projects[v.name] / ".cache", ignore_errors=True)
                timing = timed_build(projects[v.name], workdir / f"site-{v.name}-{size}")
                key = (size, v.name)
                old = best.get(key, timing)
                best[key] = Timing(min(old.wall, timing.wall), min(old.cpu, timing.cpu))
                print(
                    f"  {size:>5} posts  {v.name:<14} run {run + 1}/{runs}: "
                    f"{timing.wall:6.2f} s wall, {timing.cpu:6.2f} s CPU",
                    file=sys.stderr,
                    flush=True,
                )
    return best


def table(sizes: Sequence[int], variants: Sequence[Variant], best: Best, metric: str) -> str:
    """Seconds, the ratio to plain Material, and the per-post cost between sizes."""
    others = [v for v in variants if v is not PLAIN]
    head = ["posts", "plain s"]
    for v in others:
        head += [f"{v.name} s", f"{v.name}/plain"]
    head += [f"{v.name} ms/post*" for v in variants]
    rows = [head]
    previous: int | None = None
    for size in sizes:
        plain = getattr(best[size, PLAIN.name], metric)
        row = [str(size), f"{plain:.2f}"]
        for v in others:
            ours = getattr(best[size, v.name], metric)
            row += [f"{ours:.2f}", f"{ours / plain:.2f}"]
        for v in variants:
            if previous is None:
                row.append("-")
            else:
                extra = getattr(best[size, v.name], metric) - getattr(
                    best[previous, v.name], metric
                )
                row.append(f"{1000 * extra / (size - previous):.1f}")
        rows.append(row)
        previous = size
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated post counts")
    parser.add_argument("--quick", action="store_true", help="sizes 10,100, one run each")
    parser.add_argument("--repeat", type=int, help="runs per build (default 3, 1 from 1000)")
    parser.add_argument(
        "--without-speed",
        action="store_true",
        help="also build ours without hooks/speed.py, to see what the hook buys",
    )
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)

    sizes = [10, 100] if args.quick else sorted(int(s) for s in args.sizes.split(","))
    repeat = 1 if args.quick and args.repeat is None else args.repeat
    variants = [PLAIN, OURS, OURS_COLD] + ([OURS_WITHOUT_SPEED] if args.without_speed else [])
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        best = measure(sizes, variants, repeat, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-build-") as workdir:
            best = measure(sizes, variants, repeat, Path(workdir))
    for metric, label in (("wall", "wall-clock"), ("cpu", "CPU (user + system)")):
        print(f"\nBuild time, {label}, plain Material for MkDocs vs ours (best of the runs):")
        print(table(sizes, variants, best, metric))
    print("* cost of each added post since the previous size: flat when growth is linear")


if __name__ == "__main__":
    main()
