"""A small blog that exercises what an excerpt can contain, for the speed hook's tests.

Generated posts (bench/corpus.py) give pagination at three depths, archives, categories and an
author profile; the hand-written posts below add what could make two renders of one excerpt
differ: footnotes, anchors in other posts and in the post itself, an image, a link to a page,
a title from the frontmatter, raw HTML and code that looks like a link.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.corpus import allowed_categories, write_authors, write_posts
from tests.conftest import REPO, SITE_URL

POSTS = 36

CONFIG = f"""\
site_name: Voorbeeld
site_url: {SITE_URL}
theme:
  name: material
  language: nl
  features:
    - navigation.tabs
plugins:
  - search
  - blog:
      post_excerpt: required
      post_url_format: "{{slug}}"
      post_readtime: true
      pagination_per_page: 4
      authors_profiles: true
      categories_allowed: [{", ".join(allowed_categories())}]
# A page beside the posts but outside the navigation: the same links in its sidebar as a
# post's, but not the same active section.
not_in_nav: |
  /blog/los.md
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.smartsymbols
"""

FRONTMATTER = """\
---
date: {date}
description: Een voorbeeldbericht voor de test van de snelheidshook, met een uittreksel.
categories:
  - Zelfleiderschap
authors:
  - coach
{extra}---

"""

HANDWRITTEN = {
    "voetnoot": (
        "2025-10-02",
        "",
        "# Met een voetnoot\n\nEen uittreksel met een voetnoot[^1] en nog een[^uitleg], en "
        "nog eens dezelfde[^1].\n\n<!-- more -->\n\n## Verder\n\nTekst.\n\n"
        "[^1]: De eerste voetnoot.\n[^uitleg]: De tweede.\n",
    ),
    "anker-doel": (
        "2025-10-03",
        "",
        "# Het doel van een anker\n\nDit bericht heeft een kop om naar te linken.\n\n"
        "<!-- more -->\n\n## Het doel\n\nHier wijst een link naartoe.\n",
    ),
    "anker-bron": (
        "2025-10-04",
        "",
        "# Links in het uittreksel\n\nZie [het doel](anker-doel.md#het-doel), "
        "[verderop](#verderop), [de pagina](../../over.md), "
        "[een knop](anker-doel.md){ .md-button } en ![een beeld](../../assets/beeld.svg).\n\n"
        "*[HTML]: HyperText Markup Language\n\nHTML met een afkorting (c) 2025 --> pijl.\n\n"
        '!!! note "Let op"\n    Een opmerking met een [link](voetnoot.md).\n\n'
        "| Kop | Link |\n| --- | --- |\n| a | [cel](anker-doel.md) |\n\n"
        "<div markdown>\nRuwe HTML met [markdown](voetnoot.md).\n</div>\n\n"
        'Code: `<a href="../../anker-doel/">` en <span>html</span>.\n\n'
        "Term\n:   Uitleg met een [link](voetnoot.md).\n\n"
        "<!-- more -->\n\n## Verderop\n\nHet einde.\n",
    ),
    "titel-uit-frontmatter": (
        "2025-10-05",
        "title: Een titel uit de frontmatter\n",
        "Dit bericht heeft geen kop; de titel staat in de frontmatter.\n\n<!-- more -->\n\n"
        "## Meer\n\nTekst.\n",
    ),
}


def write_example(target: Path) -> Path:
    """The example project in `target`, with hooks/speed.py and coachsite/speed/ (not listed)."""
    docs = target / "docs"
    write_posts(docs, POSTS)
    write_authors(docs)
    (docs / "index.md").write_text("# Voorbeeld\n", encoding="utf-8")
    # A page in the navigation with a table of contents: its sidebar shows it, never reused.
    (docs / "over.md").write_text("# Over\n\n## Wie\n\nIk.\n\n## Waar\n\nHier.\n", encoding="utf-8")
    (docs / "assets").mkdir()
    (docs / "assets" / "beeld.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', encoding="utf-8"
    )
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    # A title that the header also shows elsewhere ("Zoeken" is the search label in Dutch).
    (docs / "zoeken.md").write_text("# Zoeken\n\nOver zoeken.\n", encoding="utf-8")
    (docs / "blog" / "los.md").write_text("# Los\n\nNiet in de navigatie.\n", encoding="utf-8")
    for name, (date, extra, body) in HANDWRITTEN.items():
        text = FRONTMATTER.format(date=date, extra=extra) + body
        (docs / "blog" / "posts" / f"{name}.md").write_text(text, encoding="utf-8")
    (target / "hooks").mkdir()
    shutil.copy(REPO / "hooks" / "speed.py", target / "hooks" / "speed.py")
    (target / "coachsite").mkdir()
    shutil.copy(REPO / "coachsite" / "__init__.py", target / "coachsite" / "__init__.py")
    shutil.copytree(
        REPO / "coachsite" / "speed",
        target / "coachsite" / "speed",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (target / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return target
