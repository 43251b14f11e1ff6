"""What posts and pages refer to: `links:`, links and anchors in the text, `template:`, embeds
from other websites, and macro calls in files that do not opt in.

One small example site per scenario, written into a temporary folder with the same mkdocs.yml as
the other frontmatter sites (`site_config` in conftest.py), and the exact report lines expected.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from coachsite.frontmatter import Report, Severity, check_site, load_settings
from coachsite.frontmatter.bodies import Body
from coachsite.frontmatter.references import _heading_rules, _named, _read_config
from tests.conftest import mkdocs_build

from .conftest import REPO, site_config

DESCRIPTION = "Een voorbeeldpost voor de controle van links, ankers en andere verwijzingen."
AUTHORS = "authors:\n  coach:\n    name: Coach\n    description: Test-auteur\n    avatar: a.png\n"
MACROS_PLUGIN = (
    "  - macros:\n"
    "      on_error_fail: true\n"
    "      on_undefined: strict\n"
    "      render_by_default: false\n"
    "      modules:\n"
    "        - coachsite.plugins\n"
)


def post(body: str, *, extra: str = "") -> str:
    """A valid post: the frontmatter takes lines 1–10 (plus `extra`), the text follows."""
    return (
        "---\n"
        "date: 2025-01-10\n"
        f"description: {DESCRIPTION}\n"
        "categories:\n"
        "  - Zelfleiderschap\n"
        "tags:\n"
        "  - feedback\n"
        "authors:\n"
        "  - coach\n"
        f"{extra}"
        "---\n" + body
    )


def page(body: str, *, extra: str = "") -> str:
    return f"---\ntitle: Pagina\ndescription: {DESCRIPTION}\n{extra}---\n" + body


def make_site(
    target: Path, files: dict[str, str], *, macros: bool = False, hook: bool = True
) -> Path:
    """A site like conftest's `make_site`, with an overrides folder and the macros plugin.

    Without `hook`, a build shows what MkDocs and Material themselves make of the site.
    """
    config = site_config().replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"
    )
    if not hook:
        config = config[: config.index("hooks:\n")]
    if macros:
        config = config.replace("markdown_extensions:\n", MACROS_PLUGIN + "markdown_extensions:\n")
    config = config.replace("markdown_extensions:\n", "markdown_extensions:\n  - attr_list\n")
    target.mkdir(parents=True, exist_ok=True)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    files = {"blog/.authors.yml": AUTHORS, "blog/index.md": page("# Blog\n"), **files}
    for name, text in files.items():
        path = target / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (target / "overrides").mkdir(exist_ok=True)
    (target / "overrides" / "contact.html").write_text('{% extends "main.html" %}\n')
    return target


def check(site: Path) -> Report:
    """Check every file of the site, then the references between them."""
    return check_site(load_settings(site / "mkdocs.yml"))


def lines(report: Report) -> list[str]:
    return [
        ("let op: " if problem.severity is Severity.WARNING else "") + str(problem)
        for problem in report.sorted()
    ]


# links: ---------------------------------------------------------------------------------------

TARGET = post(
    "\n# Doel\n\nInleiding.\n\n<!-- more -->\n\n## Eerste kop\n\nTekst.\n\n## Creëer ruimte\n"
)

RELATED = post(
    "\n# Verwijzer\n\nTekst.\n\n<!-- more -->\n",
    extra=(
        "links:\n"
        "  - blog/posts/doel.md\n"  # 11
        "  - blog/posts/doel.md#eerste-kop\n"
        "  - Over ruimte: blog/posts/doel.md#creëer-ruimte\n"
        "  - blog/posts/doel.md#eerste-kopp\n"
        "  - blog/posts/doel.md#slot\n"
        "  - doel.md\n"  # 16
        "  - blog/posts/verwijzr.md\n"
        "  - blog/posts/nergens-te-vinden.md\n"
        "  - /blog/index.md\n"
        "  - https://example.com/artikel\n"
        "  - Verder lezen:\n"  # 21
        "      - blog/index.md\n"
        "      - Ontbreekt: blog/posts/nergens-te-vinden.md\n"
        "      - Leeg:\n"
        "  - images/foto.png#waar-dan-ook\n"
        "  - '#eerste-kop'\n"  # 26
        "  - blog/../blog/index.md\n"
    ),
)


def test_links_entries_must_name_existing_pages_and_headings(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "blog/posts/doel.md": TARGET,
            "blog/posts/verwijzer.md": RELATED,
            "images/foto.png": "",
        },
    )
    path = "docs/blog/posts/verwijzer.md"
    assert lines(check(site)) == [
        f"{path}:14: links: blog/posts/doel.md heeft geen kop met het anker #eerste-kopp — "
        "bedoelde je 'blog/posts/doel.md#eerste-kop'?",
        f"{path}:15: links: blog/posts/doel.md heeft geen kop met het anker #slot — kies een van "
        "de ankers in blog/posts/doel.md: #doel, #eerste-kop, #creëer-ruimte",
        f"{path}:16: links: 'doel.md' bestaat niet (gezocht: docs/doel.md) — paden in links: "
        "gaan uit van de map docs/, niet van de post: schrijf blog/posts/doel.md",
        f"{path}:17: links: 'blog/posts/verwijzr.md' bestaat niet (gezocht: "
        "docs/blog/posts/verwijzr.md) — bedoelde je 'blog/posts/verwijzer.md'?",
        f"{path}:18: links: 'blog/posts/nergens-te-vinden.md' bestaat niet (gezocht: "
        "docs/blog/posts/nergens-te-vinden.md) — controleer de bestandsnaam; paden in links: "
        "gaan uit van de map docs/",
        f"{path}:19: links: '/blog/index.md' begint met een / — schrijf het pad vanaf de map "
        "docs/ zonder / ervoor: blog/index.md",
        f"{path}:23: links: 'blog/posts/nergens-te-vinden.md' bestaat niet (gezocht: "
        "docs/blog/posts/nergens-te-vinden.md) — controleer de bestandsnaam; paden in links: "
        "gaan uit van de map docs/",
        f"{path}:24: links: bij 'Leeg' ontbreekt het pad — schrijf Leeg: pad.md, bijvoorbeeld "
        "Leeg: blog/index.md",
        f"{path}:26: links: '#eerste-kop' noemt geen pagina — zet het pad vanaf de map docs/ "
        "ervoor, bijvoorbeeld blog/posts/verwijzer.md#eerste-kop",
        f"{path}:27: links: 'blog/../blog/index.md' bevat .., en dat volgt Material in links: "
        "niet — schrijf blog/index.md",
    ]


# Links and anchors in the text -----------------------------------------------------------------

LINKING = post(
    "\n"
    "# Links\n"  # 12
    "\n"
    "Zie [het doel](doel.md), [de kop](doel.md#eerste-kop) en [hier](#links).\n"
    "\n"
    "<!-- more -->\n"
    "\n"
    "## Links\n"  # 18: its id is links_1, since the title took links
    "\n"
    "Naar [de tweede](#links_1), [mijn id](#eigen-id) en [een map](../) gaat goed.\n"
    "Een [webadres](https://example.com/nergens.md) wordt niet nagekeken.\n"
    "\n"
    "Kapot: [getypt](doell.md) en [verdwenen](weg/kwijt.md).\n"  # 23
    "![Een foto](images/foto.jpg)\n"
    "Een [oude link](doel.html) en [buiten de site](../../../README.md).\n"
    "Ankers: [bijna](doel.md#eerste-kopp) en [onbekend](doel.md#slot) en [hier](#nergens).\n"
    "\n"
    "Paragraaf met een eigen id.\n"
    "{: #eigen-id }\n"
    "\n"
    "Een [referentie][ref] en [nog een][ongebruikt-niet].\n"  # 31
    "\n"
    "[ref]: ontbreekt.md\n"
    "[ongebruikt]: ook-weg.md\n"
    "\n"
    "In code: `[x](weg.md)` en\n"
    "\n"
    "```markdown\n"
    "[x](weg.md) ![](https://example.com/a.png) <iframe src='https://example.com'></iframe>\n"
    "```\n"
    "\n"
    '<a href="html-weg.md">html</a> en <img src="plaatje.png" alt="plaatje">\n'  # 42
    "\n"
    "<!-- [commentaar](weg.md) -->\n"
)


def test_text_links_to_missing_files_fail_and_missing_anchors_warn(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"blog/posts/doel.md": TARGET, "blog/posts/links.md": LINKING})
    path = "docs/blog/posts/links.md"
    assert lines(check(site)) == [
        f"{path}:23: tekst: de link naar 'doell.md' gaat naar een bestand dat niet bestaat "
        "(gezocht: docs/blog/posts/doell.md) — bedoelde je 'doel.md'?",
        f"{path}:23: tekst: de link naar 'weg/kwijt.md' gaat naar een bestand dat niet bestaat "
        "(gezocht: docs/blog/posts/weg/kwijt.md) — controleer de bestandsnaam, of haal de link "
        "weg",
        f"{path}:24: tekst: de afbeelding 'images/foto.jpg' bestaat niet (gezocht: "
        "docs/blog/posts/images/foto.jpg) — zet de afbeelding op die plek, of verbeter de "
        "bestandsnaam",
        f"{path}:25: tekst: de link naar 'doel.html' gaat naar een bestand dat niet bestaat "
        "(gezocht: docs/blog/posts/doel.html) — bedoelde je 'doel.md'?",
        f"{path}:25: tekst: de link naar '../../../README.md' gaat naar een bestand buiten de map "
        "docs/ — alleen wat in docs/ staat komt op de site; zet het bestand in docs/, of link "
        "naar een webadres",
        f"let op: {path}:26: tekst: de link naar 'doel.md#eerste-kopp' gaat naar een anker dat "
        "niet bestaat: blog/posts/doel.md heeft geen kop of id 'eerste-kopp' — bedoelde je "
        "'doel.md#eerste-kop'?",
        f"let op: {path}:26: tekst: de link naar 'doel.md#slot' gaat naar een anker dat niet "
        "bestaat: blog/posts/doel.md heeft geen kop of id 'slot' — kies een van de ankers in "
        "blog/posts/doel.md: #doel, #eerste-kop, #creëer-ruimte",
        f"let op: {path}:26: tekst: de link naar '#nergens' gaat naar een anker dat niet bestaat: "
        "deze pagina heeft geen kop of id 'nergens' — kies een van de ankers in deze pagina: "
        "#links, #links_1",
        f"{path}:33: tekst: de link naar 'ontbreekt.md' gaat naar een bestand dat niet bestaat "
        "(gezocht: docs/blog/posts/ontbreekt.md) — controleer de bestandsnaam, of haal de link "
        "weg",
        f"{path}:42: tekst: de link naar 'html-weg.md' gaat naar een bestand dat niet bestaat "
        "(gezocht: docs/blog/posts/html-weg.md) — controleer de bestandsnaam, of haal de link "
        "weg",
        f"{path}:42: tekst: de afbeelding 'plaatje.png' bestaat niet (gezocht: "
        "docs/blog/posts/plaatje.png) — zet de afbeelding op die plek, of verbeter de "
        "bestandsnaam",
    ]


DRAFT = post(
    "\n# Concept\n\nTekst met [een kapotte link](weg.md) en ![](https://example.com/a.png).\n"
    "\n<!-- more -->\n",
    extra="draft: true\nlinks:\n  - blog/posts/weg.md\n  - /blog/index.md\n",
)


def test_in_a_draft_only_what_material_crashes_on_is_an_error(tmp_path: Path) -> None:
    """The live build leaves a draft out and reports nothing of it, except a `links:` entry
    that Material cannot even read."""
    site = make_site(tmp_path, {"blog/posts/concept.md": DRAFT})
    path = "docs/blog/posts/concept.md"
    assert lines(check(site)) == [
        f"let op: {path}:12: links: 'blog/posts/weg.md' bestaat niet (gezocht: "
        "docs/blog/posts/weg.md) — controleer de bestandsnaam; paden in links: gaan uit van de "
        "map docs/",
        f"{path}:13: links: '/blog/index.md' begint met een / — schrijf het pad vanaf de map "
        "docs/ zonder / ervoor: blog/index.md",
        f"let op: {path}:18: tekst: de link naar 'weg.md' gaat naar een bestand dat niet bestaat "
        "(gezocht: docs/blog/posts/weg.md) — controleer de bestandsnaam, of haal de link weg",
        f"let op: {path}:18: tekst: de afbeelding https://example.com/a.png komt van example.com "
        "en wordt niet getoond: de site laadt niets van andere websites — sla de afbeelding op "
        "naast dit bestand (docs/blog/posts/a.png) en verwijs ernaar: "
        "![Beschrijving van de afbeelding](a.png)",
    ]


HEADINGS = """# Kwetsbaar

## Als een boomerang

## Creëer ruimte — en *rust* & __kracht__

## De `snake_case` regel

## Over [feedback](x.md) en ![img](a.png) beeld

## Als een boomerang

Als een boomerang_1
-------------------

Setext titel
============

## Vaste id {#mijn-id}

## Met klasse { .klasse }

## Copyright (c) en (r) en (tm) 1/4 --> ok

## C#

## snake_word and _nadruk_

## Voetnoot[^1]

## <span>HTML</span> in kop

Paragraaf met id.
{: #intro }

## Intro

##

!!! note "Let op"

    ## In een admonition

> ## In een quote

```
## Geen kop
```

    ## ook geen kop

[^1]: voetnoot
"""


def test_heading_ids_are_the_ones_python_markdown_gives() -> None:
    """With the real mkdocs.yml's extensions (and MkDocs' built-in fenced_code)."""
    config = _read_config(REPO)
    extensions = _named(config["markdown_extensions"])
    md = markdown.Markdown(
        extensions=["fenced_code", *extensions],
        extension_configs={name: options for name, options in extensions.items() if options},
    )
    md.convert(HEADINGS)

    def ids(tokens: list[dict]) -> list[str]:
        return [i for token in tokens for i in (token["id"], *ids(token["children"]))]

    ours = Body(HEADINGS, 1).anchors(_heading_rules(extensions)).headings
    assert list(ours) == ids(md.toc_tokens)
    assert "als-een-boomerang_2" in ours and "geen-kop" not in ours


# template: ------------------------------------------------------------------------------------


def test_template_must_exist_in_overrides_or_in_material(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "contact.md": page("# Contact\n", extra="template: contact.html\n"),
            "oud.md": page("# Oud\n", extra="template: post.html\n"),
            "vreemd.md": page("# Vreemd\n", extra="template: iets-heel-anders.html\n"),
            "blog/posts/eigen.md": post(
                "\n# Eigen\n\nTekst.\n\n<!-- more -->\n", extra="template: blog-post.html\n"
            ),
        },
    )
    assert lines(check(site)) == [
        "docs/oud.md:4: template: 'post.html' bestaat niet — bedoelde je 'blog-post.html'? "
        "Kies uit: base.html, blog-post.html, blog.html, contact.html, main.html",
        "docs/vreemd.md:4: template: 'iets-heel-anders.html' bestaat niet in overrides/ of in "
        "het thema — kies uit: base.html, blog-post.html, blog.html, contact.html, main.html, "
        "of haal de regel weg",
    ]


# Embeds from other websites --------------------------------------------------------------------

EMBEDS = post(
    "\n"
    "# Ingesloten\n"  # 12
    "\n"
    "Tekst.\n"
    "\n"
    "<!-- more -->\n"
    "\n"
    '<iframe width="560" src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=x" '
    'title="Over feedback" allowfullscreen></iframe>\n'  # 18
    '<iframe src="https://player.vimeo.com/video/123"></iframe>\n'
    '<script src="https://cdn.example.com/widget.js"></script>\n'  # 20
    "<script>alert('hoi')</script>\n"
    "![Het team](https://example.com/fotos/team.png)\n"
    '<img src="//cdn.example.com/logo" alt="Logo">\n'
    '<video controls src="https://media.example.com/film.mp4"></video>\n'
    '<embed src="https://youtu.be/dQw4w9WgXcQ">\n'  # 25
    '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>\n'
    '<video controls src="film.mp4"></video> en ![logo](data:image/png;base64,AAAA)\n'
    "Een gewone [link naar YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ) mag.\n"
)

EMBEDS_WITH_MACROS = post(
    "\n# Met macro's\n\nTekst.\n\n<!-- more -->\n\n"
    '<iframe src="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></iframe>\n',  # 19
    extra="render_macros: true\n",
)


def test_embeds_from_other_websites_are_errors_with_the_local_alternative(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "blog/posts/ingesloten.md": EMBEDS,
            "blog/posts/film.mp4": "",
            "blog/posts/met-macros.md": EMBEDS_WITH_MACROS,
        },
        macros=True,
    )
    path = "docs/blog/posts/ingesloten.md"
    no_frame = "de site laat geen ingesloten pagina's of objecten toe"
    assert lines(check(site)) == [
        f"{path}:18: tekst: <iframe> met een video van YouTube wordt niet getoond: de site laadt "
        "niets van andere websites — schrijf in plaats daarvan "
        '{{ youtube("dQw4w9WgXcQ", "Over feedback") }} en zet render_macros: true in de '
        "frontmatter",
        f"{path}:19: tekst: <iframe> van player.vimeo.com wordt niet getoond: {no_frame} — zet "
        "er een gewone link naar neer, bijvoorbeeld "
        "[Bekijk op player.vimeo.com](https://player.vimeo.com/video/123)",
        f"{path}:20: tekst: <script> van cdn.example.com wordt niet uitgevoerd: de site laadt "
        "niets van andere websites — haal het script weg; wil je naar die dienst verwijzen, zet "
        "dan een gewone link",
        f"{path}:21: tekst: <script> hoort niet in de tekst van een post of pagina — haal het "
        "script weg; wil je iets van een andere website laten zien, zet dan een gewone link",
        f"{path}:22: tekst: de afbeelding https://example.com/fotos/team.png komt van "
        "example.com en wordt niet getoond: de site laadt niets van andere websites — sla de "
        "afbeelding op naast dit bestand (docs/blog/posts/team.png) en verwijs ernaar: "
        "![Het team](team.png)",
        f"{path}:23: tekst: de afbeelding //cdn.example.com/logo komt van cdn.example.com en "
        "wordt niet getoond: de site laadt niets van andere websites — sla de afbeelding op "
        "naast dit bestand (docs/blog/posts/afbeelding.jpg) en verwijs ernaar: "
        "![Logo](afbeelding.jpg)",
        f"{path}:24: tekst: <video> van media.example.com wordt niet afgespeeld: de site laadt "
        "niets van andere websites — zet het bestand in de map docs/ en verwijs ernaar, of zet "
        "er een gewone link naar neer: "
        "[Bekijk op media.example.com](https://media.example.com/film.mp4)",
        f"{path}:25: tekst: <embed> met een video van YouTube wordt niet getoond: de site laadt "
        "niets van andere websites — schrijf in plaats daarvan "
        '{{ youtube("dQw4w9WgXcQ", "Titel van de video") }} en zet render_macros: true in de '
        "frontmatter",
        f"{path}:26: tekst: <iframe> laadt YouTube al voordat de lezer op de video klikt — "
        'schrijf in plaats daarvan {{ youtube("dQw4w9WgXcQ", "Titel van de video") }} en zet '
        "render_macros: true in de frontmatter",
        "docs/blog/posts/met-macros.md:19: tekst: <iframe> met een video van YouTube wordt niet "
        "getoond: de site laadt niets van andere websites — schrijf in plaats daarvan "
        '{{ youtube("dQw4w9WgXcQ", "Titel van de video") }}',
    ]


# Macros in files that do not opt in -------------------------------------------------------------

MACRO_POST = post(
    "\n"
    "# Macro's\n"  # 12
    "\n"
    "Tekst.\n"
    "\n"
    "<!-- more -->\n"
    "\n"
    "{{ recent_posts(3) }}\n"  # 18
    "\n"
    "Daarna {{cta()}} en {{ tag_cloud }} en {{ share_links( ) }}.\n"  # 20
    "\n"
    "Geen macro's: {{ coach.name }}, {{ onbekend() }}, {{ 'tekst' }}, `{{ cta() }}` en {{\n"
    "\n"
    "```\n"
    "{{ related_posts(3) }}\n"
    "```\n"
)


def test_macro_calls_without_render_macros_are_errors(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "blog/posts/macros.md": MACRO_POST,
            "uit.md": page("# Uit\n\n{{ cta() }}\n", extra="render_macros: false\n"),
            "aan.md": page("# Aan\n\n{{ cta() }}\n", extra="render_macros: true\n"),
            "kaal.md": "# Kaal\n\n{{ youtube('dQw4w9WgXcQ', 'Titel') }}\n",
        },
        macros=True,
    )
    post_path = "docs/blog/posts/macros.md"
    because = "komt als gewone tekst op de pagina, want dit bestand laat geen macro's uitvoeren"
    add = "zet render_macros: true in de frontmatter"
    assert lines(check(site)) == [
        f"{post_path}:18: tekst: {{{{ recent_posts(3) }}}} {because} — {add}",
        f"{post_path}:20: tekst: {{{{cta()}}}} {because} — {add}",
        f"{post_path}:20: tekst: {{{{ tag_cloud }}}} {because} — {add}",
        f"{post_path}:20: tekst: {{{{ share_links( ) }}}} {because} — {add}",
        "let op: docs/kaal.md:1: description: ontbreekt — schrijf een samenvatting van 50 tot "
        "160 tekens: die staat in zoekmachines en bij het delen van de link",
        f"docs/kaal.md:3: tekst: {{{{ youtube('dQw4w9WgXcQ', 'Titel') }}}} {because} — begin "
        "het bestand met een frontmatter: een regel ---, dan render_macros: true, en weer een "
        "regel ---",
        f"docs/uit.md:8: tekst: {{{{ cta() }}}} {because} — {add} (nu staat er false)",
    ]


def test_without_the_macros_plugin_no_call_is_a_macro(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"blog/posts/macros.md": MACRO_POST})
    assert lines(check(site)) == []


# The real site ---------------------------------------------------------------------------------


def test_the_real_site_has_no_reference_problems() -> None:
    report = check_site(load_settings(REPO / "mkdocs.yml"))
    assert report.files_checked > 5
    assert [str(problem) for problem in report.problems] == []


# What MkDocs and Material themselves do with them (built without our hook) ---------------------


def test_mkdocs_strict_fails_on_a_missing_file_but_not_on_a_missing_anchor(
    tmp_path: Path,
) -> None:
    """Why a missing file is an error and a missing anchor only a warning: in MkDocs 1.6,
    `validation.links.not_found` is a warning (fatal under --strict), `anchors` is INFO."""
    anchor_only = post("\n# Anker\n\nTekst.\n\n<!-- more -->\n\nZie [de kop](doel.md#slot).\n")
    files = {"blog/posts/doel.md": TARGET, "blog/posts/anker.md": anchor_only}
    site = make_site(tmp_path / "anker", files, hook=False)
    assert lines(check(site)) == [
        "let op: docs/blog/posts/anker.md:18: tekst: de link naar 'doel.md#slot' gaat naar een "
        "anker dat niet bestaat: blog/posts/doel.md heeft geen kop of id 'slot' — kies een van "
        "de ankers in blog/posts/doel.md: #doel, #eerste-kop, #creëer-ruimte"
    ]
    result = mkdocs_build(site, tmp_path / "site", strict=True)
    assert result.returncode == 0, result.stderr
    assert "does not contain an anchor '#slot'" in result.stderr

    missing = {"blog/posts/anker.md": anchor_only.replace("doel.md#slot", "weg.md")}
    site = make_site(tmp_path / "weg", missing, hook=False)
    assert len(check(site).errors) == 1
    result = mkdocs_build(site, tmp_path / "site", strict=True)
    assert result.returncode == 1
    assert "contains a link 'weg.md', but the target 'blog/posts/weg.md' is not found" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("entry", "failure"),
    [
        ("blog/posts/weg.md", "Couldn't find file for link 'blog/posts/weg.md'"),
        ("doel.md", "Couldn't find file for link 'doel.md'"),
        ("blog/posts/doel.md#slot", "Couldn't find anchor 'slot' in 'blog/posts/doel.md'"),
        ("/blog/index.md", "AttributeError: 'NoneType' object has no attribute 'validation'"),
        ("'Leeg:'", "AttributeError: 'NoneType' object has no attribute 'startswith'"),
    ],
)
def test_material_fails_on_each_links_entry_we_report(
    entry: str, failure: str, tmp_path: Path
) -> None:
    entry = entry.strip("'")
    related = post("\n# Verwijzer\n\nTekst.\n\n<!-- more -->\n", extra=f"links:\n  - {entry}\n")
    files = {"blog/posts/doel.md": TARGET, "blog/posts/verwijzer.md": related}
    site = make_site(tmp_path, files, hook=False)
    assert len(check(site).errors) == 1
    result = mkdocs_build(site, tmp_path / "site", strict=True)
    assert result.returncode == 1
    assert failure in result.stderr
