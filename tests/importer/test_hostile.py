"""Hostile or broken exports are refused before anything is written, with one Dutch line.

XML bombs and external entities never expand (defusedxml); sizes are capped by named limits,
tested around the limit with a small `limit` instead of huge files; images that point outside
the export folder (a symlink, `../`) are never copied.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coachsite.frontmatter import load_settings
from coachsite.importer import ImportFailed, run_import
from coachsite.importer.sources import MAX_POST_BYTES, MAX_SOURCE_BYTES

from .conftest import DATA, run, snapshot

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>
<title>&lol9;</title><wp:post_type>post</wp:post_type></item></channel></rss>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY geheim SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><item><title>Lek</title>
<description>&geheim;</description><link>https://x.example/lek</link></item></channel></rss>
"""

REFUSED_DTD = (
    "De import is gestopt: {name} bevat een DTD met entiteiten (een mogelijke XML-bom of een "
    "verwijzing naar bestanden buiten de export) en wordt niet gelezen — exporteer het blog "
    "opnieuw vanuit WordPress of de blogdienst\n"
)


def test_billion_laughs_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bom.xml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    before = snapshot(project)
    status, output = run(project, bomb, capsys=capsys)
    assert (status, output) == (1, REFUSED_DTD.format(name="bom.xml"))
    assert snapshot(project) == before


def test_external_entity_is_refused_and_nothing_leaks(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text("WACHTWOORD-123", encoding="utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_text(EXTERNAL_ENTITY.format(secret=secret), encoding="utf-8")
    before = snapshot(project)
    status, output = run(project, feed, capsys=capsys)
    assert (status, output) == (1, REFUSED_DTD.format(name="feed.xml"))
    assert snapshot(project) == before


def test_size_limit_is_exact(project: Path) -> None:
    settings = load_settings(project / "mkdocs.yml")
    feed = DATA / "atom" / "atom.xml"
    size = feed.stat().st_size
    result = run_import(feed, settings, dry_run=True, limit=size)
    assert len(result.outcomes) == 2
    with pytest.raises(ImportFailed) as refused:
        run_import(feed, settings, dry_run=True, limit=size - 1)
    assert str(refused.value) == (
        f"De import is gestopt: atom.xml is te groot ({size:,} bytes; maximaal {size - 1:,}) — "
        "exporteer het blog in delen"
    ).replace(",", ".")
    assert MAX_SOURCE_BYTES == 100_000_000


def test_a_body_over_the_limit_is_left_out_with_a_note(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "<p>" + "a" * (MAX_POST_BYTES + 1) + "</p>"
    feed = tmp_path / "groot.xml"
    feed.write_text(
        '<rss version="2.0"><channel><item><title>Een heel grote post over niets</title>'
        "<link>https://x.example/groot</link><pubDate>Mon, 06 Feb 2023 09:15:00 +0000</pubDate>"
        f"<description><![CDATA[{body}]]></description></item></channel></rss>",
        encoding="utf-8",
    )
    status, output = run(project, feed, capsys=capsys)
    assert status == 0, output
    assert "  - de tekst is groter dan 1 MB en is niet overgenomen" in output.splitlines()
    assert "a" * 1000 not in (project / "docs/blog/posts/groot.md").read_text(encoding="utf-8")


def test_images_outside_the_export_folder_are_never_copied(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "buiten.jpg"
    outside.write_bytes((DATA / "feed/images/cafe.jpg").read_bytes())
    export = tmp_path / "export"
    (export / "images").mkdir(parents=True)
    os.symlink(outside, export / "images" / "link.jpg")
    (export / "feed.xml").write_text(
        '<rss version="2.0"><channel><link>https://x.example/</link><item>'
        "<title>Plaatjes van elders</title><link>https://x.example/plaatjes</link>"
        "<pubDate>Mon, 06 Feb 2023 09:15:00 +0000</pubDate><description><![CDATA["
        "<p>Twee afbeeldingen die buiten de exportmap liggen en dus niet mee mogen komen.</p>"
        '<p><img src="/images/link.jpg" alt="via een link"></p>'
        '<p><img src="/../buiten.jpg" alt="via een omweg"></p>'
        "]]></description></item></channel></rss>",
        encoding="utf-8",
    )
    status, output = run(project, export / "feed.xml", capsys=capsys)
    assert status == 0, output
    assert not (project / "docs/blog/posts/images").exists()
    assert "  - afbeelding link.jpg staat niet in de export — zet hem in " in output
    assert "  - afbeelding buiten.jpg staat niet in de export — zet hem in " in output


def test_not_xml_names_the_line(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "kapot.xml"
    broken.write_text('<rss version="2.0">\n<channel>\n<item>\n</channel>', encoding="utf-8")
    status, output = run(project, broken, capsys=capsys)
    assert (status, output) == (
        1,
        "De import is gestopt: kapot.xml:4: geen geldige XML — exporteer het blog opnieuw; "
        "een export die halverwege afbrak is vaak niet compleet\n",
    )


def test_missing_source(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = run(project, tmp_path / "weg.xml", capsys=capsys)
    assert status == 1
    assert output == (
        f"De import is gestopt: {tmp_path / 'weg.xml'} bestaat niet — geef het pad van de "
        "export of de map met posts\n"
    )


def test_text_never_becomes_a_link_html_or_jinja(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Markdown and Jinja written as text stay text; with `{{` in code the video is a link,
    so the post needs no `render_macros` under which that code would run."""
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<rss version="2.0"><channel><link>https://x.example/</link><item>'
        "<title>Tekst die code lijkt</title><link>https://x.example/code</link>"
        "<pubDate>Mon, 06 Feb 2023 09:15:00 +0000</pubDate><description><![CDATA["
        "<p>Wie tekst plakt uit een andere bron, plakt soms ook opmaakcode mee. Die blijft hier "
        "gewoon tekst.</p>"
        "<p>[klik](javascript:alert(1)) en ![pixel](https://tracker.example/p.gif) en "
        "&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        "<pre><code>{{ config.extra }}</code></pre>"
        '<iframe src="https://www.youtube.com/embed/aBcDeFgHiJk"></iframe>'
        "]]></description></item></channel></rss>",
        encoding="utf-8",
    )
    status, output = run(project, feed, capsys=capsys)
    assert status == 0, output
    text = (project / "docs/blog/posts/code.md").read_text(encoding="utf-8")
    body = text.split("<!-- more -->\n\n", 1)[1]
    assert body == (
        "\\[klik\\](javascript:alert(1)) en !\\[pixel\\](https://tracker.example/p.gif) en "
        "&lt;script&gt;alert(1)&lt;/script&gt;\n\n"
        "```\n{{ config.extra }}\n```\n\n"
        "[Bekijk de video op YouTube](https://www.youtube.com/watch?v=aBcDeFgHiJk)\n"
    )
    assert "render_macros" not in text
    assert "  - YouTube-video als gewone link overgenomen (de tekst bevat code met {{)" in output


def test_too_many_posts_are_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coachsite.importer.posts.MAX_POSTS", 1)
    settings = load_settings(project / "mkdocs.yml")
    with pytest.raises(ImportFailed) as refused:
        run_import(DATA / "atom" / "atom.xml", settings)
    assert str(refused.value) == (
        "De import is gestopt: de export bevat 2 posts; er kunnen er maximaal 1 tegelijk "
        "worden overgenomen — exporteer het blog in delen"
    )
