"""Time of the standalone frontmatter check over 1000 generated posts, as ratios.

The same corpus (bench/corpus.py, with the repo's mkdocs.yml) is measured side by side in one
run: our full check (read, split, parse with line numbers, validate every field, compare URLs),
against merely reading each file and parsing its frontmatter with bare `yaml.safe_load` (the pure
Python SafeLoader) and with libyaml's CSafeLoader. The best of several repetitions counts, since
these machines are noisy. Nothing here is asserted; the goal is "well under a second".

    python bench/bench_frontmatter.py [--posts 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import write_authors, write_posts  # noqa: E402
from coachsite.frontmatter import check_site, load_settings  # noqa: E402


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_parse(paths: list[Path], loader: type) -> None:
    for path in paths:
        text = path.read_text(encoding="utf-8-sig")
        block = text.split("---\n", 2)[1]
        yaml.load(block, Loader=loader)  # a SafeLoader, pure or C


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        paths = write_posts(project / "docs", args.posts)
        write_authors(project / "docs")

        settings = load_settings(project / "mkdocs.yml")
        report = check_site(settings)
        assert report.ok, report.format()  # the corpus must be valid, or we time error paths

        ours = best_of(args.repeat, lambda: check_site(load_settings(project / "mkdocs.yml")))
        pure = best_of(args.repeat, lambda: bare_parse(paths, yaml.SafeLoader))
        c_only = best_of(args.repeat, lambda: bare_parse(paths, yaml.CSafeLoader))
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "coachsite.frontmatter"],
            cwd=project,
            env={"PYTHONPATH": str(REPO)},
            check=True,
            capture_output=True,
        )
        cli = time.perf_counter() - start

    n = args.posts
    print(f"frontmatter check, {n} posts (best of {args.repeat}):")
    print(f"  our check (in process)        {ours:6.3f} s   {ours / n * 1e3:.3f} ms/post")
    print(f"  read + bare yaml.safe_load    {pure:6.3f} s   ours = {ours / pure:.2f}x of this")
    print(f"  read + bare CSafeLoader       {c_only:6.3f} s   ours = {ours / c_only:.2f}x of this")
    print(f"  python -m coachsite.frontmatter (whole command, one run) {cli:6.3f} s")


if __name__ == "__main__":
    main()
