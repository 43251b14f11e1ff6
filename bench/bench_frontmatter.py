"""Time of the standalone frontmatter check over 1000 generated posts, as ratios.

The same corpus (bench/corpus.py, with the repo's mkdocs.yml) is measured side by side in one
run: our full check (read, split, parse with line numbers, validate every field, compare URLs,
then every reference: `links:`, links, images and anchors in the texts, templates, embeds, macro
calls), against merely reading each file and parsing its frontmatter with bare `yaml.safe_load`
(the pure Python SafeLoader) and with libyaml's CSafeLoader. The best of several repetitions
counts, since these machines are noisy. Nothing here is asserted; the goal is "well under a
second".

bench/corpus.py is shared with the build tests, so the links to anchors are added here: every
post links to a heading of each of the next three posts, and every tenth lists one in `links:`,
so every post's anchors are worked out.

    python -m bench.bench_frontmatter [--posts 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bench.corpus import write_authors, write_posts
from coachsite.frontmatter import (
    check_file,
    check_site,
    load_settings,
    markdown_files,
)
from coachsite.frontmatter.references import check_references

REPO = Path(__file__).resolve().parents[1]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def add_anchor_links(paths: list[Path]) -> int:
    """Give each post links to headings of the next three posts; return how many links."""
    from markdown.extensions.toc import slugify  # the slugify of the repo's mkdocs.yml

    headings = [re.findall(r"^## (.+)$", path.read_text(encoding="utf-8"), re.M) for path in paths]
    count = 0
    for index, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        others = range(index + 1, min(index + 4, len(paths)))
        links = [
            f"[{headings[o][0]}]({paths[o].name}#{slugify(headings[o][0], '-')})" for o in others
        ]
        links.append(f"[boven]({path.name}#{slugify(headings[index][0], '-')})")
        text += "Lees verder: " + ", ".join(links) + ".\n"
        count += len(links)
        if index % 10 == 0 and others:
            target = paths[others[-1]]
            anchor = slugify(headings[others[-1]][-1], "-")
            entry = f"links:\n  - blog/posts/{target.name}#{anchor}\n---\n"
            text = text.replace("\n---\n", "\n" + entry, 1)
            count += 1
        path.write_text(text, encoding="utf-8")
    return count


def assert_valid(project: Path) -> None:
    """Every file, the posts together, every reference: the corpus must pass all of it."""
    settings = load_settings(project / "mkdocs.yml")
    report = check_site(settings)
    assert report.ok, report.format()


def references_only(project: Path) -> float:
    """The time of check_references alone, on files already checked."""
    settings = load_settings(project / "mkdocs.yml")
    checked = [check_file(path, settings) for path in markdown_files(settings.docs_dir)]
    start = time.perf_counter()
    check_references(checked, settings)
    return time.perf_counter() - start


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
        links = add_anchor_links(paths)

        assert_valid(project)  # the corpus must be valid, or we time error paths

        site = best_of(args.repeat, lambda: check_site(load_settings(project / "mkdocs.yml")))
        references = min(references_only(project) for _ in range(args.repeat))
        ours = site
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
    print(f"frontmatter check, {n} posts with {links} links to anchors (best of {args.repeat}):")
    print(f"  our check (in process)        {ours:6.3f} s   {ours / n * 1e3:.3f} ms/post")
    print(f"    of which the references     {references:6.3f} s   (links, anchors, embeds, macros)")
    print(f"  read + bare yaml.safe_load    {pure:6.3f} s   ours = {ours / pure:.2f}x of this")
    print(f"  read + bare CSafeLoader       {c_only:6.3f} s   ours = {ours / c_only:.2f}x of this")
    print(f"  python -m coachsite.frontmatter (whole command, one run) {cli:6.3f} s")


if __name__ == "__main__":
    main()
