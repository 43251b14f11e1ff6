"""Time of `make import` for a generated WordPress export of 1000 posts, as ratios.

Measured side by side in one run, on the same export: the whole import (read, plan, convert
every body, write posts, redirect map and mapping file) into an empty copy of the site's
settings; a second import of the same export (every post unchanged, nothing written); merely
parsing the XML with defusedxml (the floor: no import can be faster than reading its input);
and the content check (`check_site`, what `make check` runs) over the imported posts. The best
of several repetitions counts. Nothing is asserted; the goal is "seconds, not minutes".

The generated posts look like a real WordPress blog's: Gutenberg block comments, a heading,
a list, a link to the post before, a `<!--more-->` in every other post, a [caption] with an
image every fifth, a YouTube embed every seventh, a script every eleventh, five categories
outside the allowed list, one in twenty a draft.

    python -m bench.bench_import [--posts 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from defusedxml.ElementTree import parse

from coachsite.frontmatter import check_site, load_settings
from coachsite.importer import run_import

REPO = Path(__file__).resolve().parents[1]
HOST = "https://www.oudblog.example"
CATEGORIES = ["Leiderschap", "Teams", "Communicatie", "Persoonlijke groei", "Vitaliteit"]
WORDS = [
    "leiderschap",
    "team",
    "gesprek",
    "feedback",
    "vertrouwen",
    "ruimte",
    "luisteren",
    "vraag",
    "moed",
    "rust",
    "energie",
    "keuze",
    "grens",
    "groei",
    "samenwerking",
    "verandering",
    "verantwoordelijkheid",
]


def _sentence(seed: int, length: int = 14) -> str:
    words = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def _item(index: int) -> str:
    moment = dt.datetime(2015, 1, 1, 8, 30) + dt.timedelta(days=index * 3, minutes=index)
    slug = f"post-{index:04d}-{WORDS[index % len(WORDS)]}"
    link = f"{HOST}/{moment:%Y/%m/%d}/{slug}/"
    previous = (
        f"{HOST}/{moment - dt.timedelta(days=3):%Y/%m/%d}/post-{index - 1:04d}-"
        + WORDS[(index - 1) % len(WORDS)]
    )
    parts = [
        f"<!-- wp:paragraph -->\n<p>{_sentence(index)} {_sentence(index + 1)}</p>\n"
        "<!-- /wp:paragraph -->",
    ]
    if index % 2 == 0:
        parts.append("<!--more-->")
    parts.append(f"<!-- wp:heading -->\n<h2>{_sentence(index + 2, 4)}</h2>\n<!-- /wp:heading -->")
    parts.append(
        f'<p>{_sentence(index + 3)} Lees ook <a href="{previous}/">de vorige post</a>.</p>'
    )
    parts.append("<ul><li>" + "</li><li>".join(WORDS[index % 5 : index % 5 + 3]) + "</li></ul>")
    if index % 5 == 0:
        parts.append(
            f'[caption id="attachment_{index}" width="300"]<img src="{HOST}/wp-content/uploads/'
            f'2020/01/foto-{index}.jpg" alt="" /> Een foto bij post {index}[/caption]'
        )
    if index % 7 == 0:
        parts.append(f"[embed]https://www.youtube.com/watch?v=aBcDeFgH{index % 1000:03d}[/embed]")
    if index % 11 == 0:
        parts.append("<script>console.log('oud')</script>")
    status = "draft" if index % 20 == 19 else "publish"
    category = CATEGORIES[index % len(CATEGORIES)]
    return f"""<item>
<title><![CDATA[Post {index}: {_sentence(index + 4, 5)[:-1]}]]></title>
<link>{link}</link>
<dc:creator><![CDATA[marieke]]></dc:creator>
<content:encoded><![CDATA[{chr(10).join(parts)}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{index}</wp:post_id>
<wp:post_date>{moment:%Y-%m-%d %H:%M:%S}</wp:post_date>
<wp:post_date_gmt>{moment:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>
<wp:post_name>{slug}</wp:post_name>
<wp:status>{status}</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="c"><![CDATA[{category}]]></category>
<category domain="post_tag" nicename="t"><![CDATA[{WORDS[index % len(WORDS)]}]]></category>
</item>
"""


def write_export(path: Path, posts: int) -> None:
    items = "".join(_item(index) for index in range(1, posts + 1))
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"<link>{HOST}</link>\n{items}</channel>\n</rss>\n",
        encoding="utf-8",
    )


def empty_site(folder: Path) -> Path:
    """mkdocs.yml and the authors file of the real site, and no posts."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "docs" / "blog").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copy(REPO / "docs/blog/.authors.yml", folder / "docs/blog/.authors.yml")
    return folder


def best_of(repeat: int, prepare: Callable[[], object], run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        prepare()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        export = root / "export.xml"
        write_export(export, args.posts)
        site = root / "site"

        def fresh() -> None:
            empty_site(site)

        def first_import() -> None:
            run_import(export, load_settings(site / "mkdocs.yml"))

        ours = best_of(args.repeat, fresh, first_import)
        again = best_of(args.repeat, lambda: None, first_import)
        parse_only = best_of(args.repeat, lambda: None, lambda: parse(str(export)))
        settings = load_settings(site / "mkdocs.yml")
        report = check_site(settings)
        assert report.ok, report.format()  # the imported posts must pass, or we time errors
        check = best_of(args.repeat, lambda: None, lambda: check_site(settings))
        size = export.stat().st_size

    n = args.posts
    print(f"import of a WordPress export, {n} posts, {size / 1e6:.1f} MB (best of {args.repeat}):")
    print(f"  make import (first run)        {ours:6.3f} s   {ours / n * 1e3:.3f} ms/post")
    print(f"  make import (again, no change) {again:6.3f} s   {again / ours:.2f}x of the first")
    print(
        f"  defusedxml parse only          {parse_only:6.3f} s   import = {ours / parse_only:.1f}x"
    )
    print(f"  make check on the result       {check:6.3f} s   import = {ours / check:.2f}x")


if __name__ == "__main__":
    main()
