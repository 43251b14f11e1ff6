"""Reading the facts from mkdocs.yml and .authors.yml, and the URL rule that follows from them."""

from __future__ import annotations

from pathlib import Path

from coachsite.frontmatter import check_site, load_settings
from coachsite.frontmatter.yamlload import parse_yaml

from .conftest import make_site

POST = """---
title: {title}
date: {date}
description: Een samenvatting die lang genoeg is voor zoekmachines en voor het delen.
categories: [Zelfleiderschap]
authors: [coach]
tags: [feedback]
---

Inleiding.

<!-- more -->
"""


def write_post(site: Path, name: str, title: str, date: str) -> None:
    text = POST.format(title=title, date=date)
    (site / "docs/blog/posts" / name).write_text(text, encoding="utf-8")


def test_mkdocs_yml_with_tags_and_plugins_as_a_mapping(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "inhoud/nieuws").mkdir(parents=True)
    (tmp_path / "inhoud/nieuws/.authors.yml").write_text("authors: {coach: {}, gast: {}}\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\n"
        "docs_dir: !ENV [DOCS_DIR_FOR_TEST, inhoud]\n"
        "theme: {name: material, language: nl}\n"
        "plugins:\n"
        "  search: {}\n"
        "  material/blog:\n"
        "    blog_dir: nieuws\n"
        "    post_slugify: !!python/name:pymdownx.slugs.uslugify\n"
        "    categories_allowed: [Een, Twee]\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    monkeypatch.delenv("DOCS_DIR_FOR_TEST", raising=False)
    settings = load_settings(tmp_path / "mkdocs.yml")
    assert settings.docs_dir == tmp_path / "inhoud"
    assert (settings.blog_dir, settings.post_dir) == ("nieuws", "nieuws/posts")
    assert settings.categories_allowed == ("Een", "Twee")
    assert settings.authors == ("coach", "gast")
    assert (settings.post_url_format, settings.post_url_date_format) == (
        "{date}/{slug}",
        "yyyy/MM/dd",
    )
    assert settings.language == "nl"
    assert settings.problems == ()


def test_default_url_format_includes_the_date(tmp_path: Path) -> None:
    site = make_site(tmp_path, "valid", post_url_format=None)
    write_post(site, "a.md", "Zelfde titel", "2026-11-20")
    write_post(site, "b.md", "Zelfde titel", "2026-11-21")
    write_post(site, "c.md", "Zelfde titel", "2026-11-21 18:00:00")
    report = check_site(load_settings(site / "mkdocs.yml"))
    assert [str(p) for p in report.errors] == [
        "docs/blog/posts/b.md:2: title: geeft dezelfde URL (/blog/2026/11/21/zelfde-titel/) als "
        "docs/blog/posts/c.md — geef een van beide posts een eigen slug, bijvoorbeeld "
        "slug: een-andere-naam",
        "docs/blog/posts/c.md:2: title: geeft dezelfde URL (/blog/2026/11/21/zelfde-titel/) als "
        "docs/blog/posts/b.md — geef een van beide posts een eigen slug, bijvoorbeeld "
        "slug: een-andere-naam",
    ]


def test_missing_authors_file_is_reported_once(tmp_path: Path) -> None:
    site = make_site(tmp_path, "valid")
    (site / "docs/blog/.authors.yml").unlink()
    report = check_site(load_settings(site / "mkdocs.yml"))
    assert str(report.errors[0]) == (
        "docs/blog/.authors.yml:1: authors: het auteursbestand bestaat niet — maak het aan met "
        "per auteur een naam, beschrijving en avatar onder authors:"
    )
    assert str(report.errors[1]) == (
        "docs/blog/posts/bom-crlf.md:8: authors: 'coach' is geen bekende auteur — voeg de "
        "auteur toe aan docs/blog/.authors.yml"
    )


def test_without_the_blog_plugin_every_file_is_a_page(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("---\ndate: 2026-11-20\n---\n\n# Home\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins: [search]\n")
    report = check_site(load_settings(tmp_path / "mkdocs.yml"))
    assert [str(p) for p in report.problems] == [
        "docs/index.md:2: date: hoort alleen bij blogposts — haal het weg; dit bestand is een "
        "gewone pagina (blogposts staan in docs/blog/posts/)",
        "docs/index.md:1: description: ontbreekt — schrijf een samenvatting van 50 tot 160 "
        "tekens: die staat in zoekmachines en bij het delen van de link",
    ]


def test_loader_records_lines_and_every_duplicate_key() -> None:
    parsed = parse_yaml(
        "title: Een\ndate:\n  created: 2026-01-01\n  created: 2026-01-02\n"
        "tags:\n  - a\n  - b\ntitle: Twee\n"
    )
    assert parsed.data["title"] == "Twee"
    assert parsed.key_lines == {"title": 7, "date": 1, "tags": 4}
    assert parsed.item_lines == {"date": {"created": 3}, "tags": [5, 6]}
    assert sorted((d.key, d.first_line, d.again_line) for d in parsed.duplicates) == [
        ("created", 2, 3),
        ("title", 0, 7),
    ]
