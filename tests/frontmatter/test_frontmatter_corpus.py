"""The standalone check over the corpus: every broken post gives exactly its expected lines.

`corpus/broken.expected` and `corpus/valid.expected` hold the exact report lines (warnings
prefixed with `let op: `, as the MkDocs hook logs them); each file of the corpus is compared
on its own, so a failure names the rule that changed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from mkdocs.utils import markdown_extensions

from coachsite.frontmatter import MARKDOWN_EXTENSIONS, Report, Severity, check_file

from .conftest import CORPUS, check, make_site

BROKEN_DOCS = CORPUS / "broken"
# Every file MkDocs builds as a page, and `hoofdletters.MD`, which it would not.
BROKEN_FILES = sorted(
    "docs/" + path.relative_to(BROKEN_DOCS).as_posix()
    for path in BROKEN_DOCS.rglob("*")
    if path.name.lower().endswith(MARKDOWN_EXTENSIONS)
)
# Files in the broken corpus that are there to prove the check does NOT complain about them.
CLEAN_IN_BROKEN = {
    "docs/index.md",
    "docs/blog/index.md",
    "docs/blog/posts/valid-beside.md",
}


def golden(name: str) -> dict[str, list[str]]:
    """Expected report lines per file, from `corpus/<name>.expected`."""
    by_file: dict[str, list[str]] = defaultdict(list)
    for line in (CORPUS / f"{name}.expected").read_text(encoding="utf-8").splitlines():
        path = line.removeprefix("let op: ").split(":", 1)[0]
        by_file[path].append(line)
    return by_file


def lines_of(report: Report) -> dict[str, list[str]]:
    by_file: dict[str, list[str]] = defaultdict(list)
    for problem in report.sorted():
        prefix = "let op: " if problem.severity is Severity.WARNING else ""
        by_file[problem.path].append(prefix + str(problem))
    return by_file


@pytest.fixture(scope="module")
def broken_report(broken_site: Path) -> Report:
    return check(broken_site)[1]


@pytest.mark.parametrize("path", BROKEN_FILES)
def test_each_file_reports_exactly_its_problems(path: str, broken_report: Report) -> None:
    assert lines_of(broken_report).get(path, []) == golden("broken").get(path, [])


def test_every_broken_file_has_an_error_and_the_clean_ones_none() -> None:
    expected = golden("broken")
    for path in BROKEN_FILES:
        errors = [line for line in expected.get(path, []) if not line.startswith("let op: ")]
        if path in CLEAN_IN_BROKEN:
            assert errors == [], path
        elif path != "docs/blog/posts/warnings-only.md":
            assert errors, f"{path} is in the broken corpus but expects no error"


def test_valid_post_beside_broken_ones_is_not_named(broken_report: Report) -> None:
    assert not [p for p in broken_report.problems if "valid-beside" in str(p)]
    assert broken_report.files_checked == len(BROKEN_FILES)


def test_one_post_lists_all_its_problems_not_just_the_first(broken_report: Report) -> None:
    assert lines_of(broken_report)["docs/blog/posts/many-problems.md"] == [
        "docs/blog/posts/many-problems.md:3: date: '29-11-2026' is geen datum die de site "
        "begrijpt — schrijf eerst het jaar, dan maand en dag: date: 2026-11-29",
        "docs/blog/posts/many-problems.md:4: description: is te kort (5 tekens; minimaal 50) — "
        "vul de samenvatting aan tot 50 à 160 tekens",
        "docs/blog/posts/many-problems.md:5: categories: is één tekst, maar hier hoort een "
        "lijst — schrijf het als lijst: categories: [Zelfleiderschap]",
        "docs/blog/posts/many-problems.md:7: authors: 'jan' is geen bekende auteur — kies uit: "
        "coach, of voeg de auteur toe aan docs/blog/.authors.yml",
        "docs/blog/posts/many-problems.md:10: catgeory: is geen bekend veld — haal het weg, of "
        "kies een van: title, date, description, categories, authors, tags, slug, draft, image, "
        "image_alt, series, render_macros, pin, readtime, links, template, hide, search",
        'docs/blog/posts/many-problems.md:11: draft: is de tekst "yes", maar hier hoort true of '
        "false — schrijf draft: true (zonder aanhalingstekens)",
    ]


def test_headline_rules_in_plain_words(broken_report: Report) -> None:
    """The examples the issue asks for, spelled out here so a reader sees them at a glance."""
    found = lines_of(broken_report)
    assert found["docs/blog/posts/typo-key.md"] == [
        "docs/blog/posts/typo-key.md:9: catgories: is geen bekend veld — bedoelde je 'categories'?"
    ]
    assert found["docs/blog/posts/dutch-date.md"] == [
        "docs/blog/posts/dutch-date.md:3: date: '29-11-2026' is geen datum die de site begrijpt "
        "— schrijf eerst het jaar, dan maand en dag: date: 2026-11-29"
    ]
    assert found["docs/blog/posts/unknown-category.md"][0] == (
        "docs/blog/posts/unknown-category.md:6: categories: 'Zelfleiderschp' is geen toegestane "
        "categorie — bedoelde je 'Zelfleiderschap'? Kies uit: Coachend leiderschap, Vitaal "
        "leiderschap, Zelfleiderschap, Feedback en communicatie"
    )
    assert found["docs/blog/posts/yaml-colon.md"] == [
        "docs/blog/posts/yaml-colon.md:2: frontmatter: er staat een dubbele punt midden in een "
        "waarde — zet de hele waarde tussen aanhalingstekens, bijvoorbeeld title: "
        '"Leiderschap: waar begin je?"'
    ]


def test_valid_corpus_has_no_errors_only_the_expected_warnings(valid_site: Path) -> None:
    _, report = check(valid_site)
    assert report.errors == []
    assert lines_of(report) == golden("valid")
    assert report.summary() == (
        "Frontmatter: 0 fouten en 2 waarschuwingen in 2 bestanden (11 bestanden gecontroleerd)."
    )


def test_a_file_that_is_not_utf8_is_named_not_a_traceback(tmp_path: Path) -> None:
    # Written here rather than kept in the corpus: tools that read the repo (ruff) stop on it.
    site = make_site(tmp_path, "valid")
    post = site / "docs/blog/posts/latin1.md"
    source = (site / "docs/blog/posts/concept.md").read_text(encoding="utf-8")
    post.write_bytes(source.replace("Nog een concept", "Café").encode("latin-1"))
    assert [str(p) for p in check(site)[1].errors] == [
        "docs/blog/posts/latin1.md:1: bestand: is geen UTF-8-tekst — sla het bestand op met de "
        "codering UTF-8 (in de meeste editors: Opslaan als → UTF-8)"
    ]


def test_our_markdown_extensions_are_the_ones_mkdocs_builds_as_pages() -> None:
    assert sorted(MARKDOWN_EXTENSIONS) == sorted(markdown_extensions)


def test_a_markdown_post_is_checked_like_an_md_post(broken_report: Report) -> None:
    """The case from the issue: an old `.markdown` post that took over "Kwetsbaar"'s URL."""
    found = lines_of(broken_report)
    assert found["docs/blog/posts/kwetsbaar-oud.markdown"] == [
        "docs/blog/posts/kwetsbaar-oud.markdown:11: slug: geeft dezelfde URL (/blog/kwetsbaar/) "
        "als docs/blog/posts/kwetsbaar.md — geef een van beide posts een eigen slug, "
        "bijvoorbeeld slug: een-andere-naam"
    ]
    assert found["docs/blog/posts/kwetsbaar.md"] == [
        "docs/blog/posts/kwetsbaar.md:12: title: geeft dezelfde URL (/blog/kwetsbaar/) als "
        "docs/blog/posts/kwetsbaar-oud.markdown — geef een van beide posts een eigen slug, "
        "bijvoorbeeld slug: een-andere-naam"
    ]


def test_hints_for_keys_from_other_blogs_lead_to_the_fix(broken_report: Report) -> None:
    found = lines_of(broken_report)
    jekyll = "docs/blog/posts/jekyll-post.markdown"
    lines = {line.split(": ", 2)[1]: line.split(": ", 2)[2] for line in found[jekyll]}
    assert "description" not in lines["section"]
    assert "hide" not in lines["header"]
    assert lines["date"] == (
        "'2016-10-06 11:10:38 -0700' is geen tijdstip dat de site begrijpt — zet een dubbele "
        "punt in de tijdzone: date: 2016-10-06 11:10:38 -07:00"
    )
    assert lines["excerpt"].startswith("is geen bekend veld — hernoem het naar description")
    assert not any(line.startswith(f"{jekyll}:1: description:") for line in found[jekyll])
    assert found["docs/blog/posts/hugo-post.md"][-1] == (
        "docs/blog/posts/hugo-post.md:16: tekst: <!-- More --> lijkt op de markering "
        "<!-- more -->, maar die moet precies zo geschreven zijn — vervang het door <!-- more -->"
    )


def test_yaml_1_1_keys_are_named_as_written_at_their_line(broken_report: Report) -> None:
    """YAML 1.1 reads `on:` as the key True; the report names `on` at its own line."""
    path = "docs/blog/posts/yaml11-keys.md"
    found = [(p.line, p.field) for p in broken_report.sorted() if p.path == path]
    assert found == [(11, "on"), (12, "No"), (13, "yes"), (14, "off")]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "2016-10-06 11:10:38 -0700",
            "'2016-10-06 11:10:38 -0700' is geen tijdstip dat de site begrijpt — zet een dubbele "
            "punt in de tijdzone: date: 2016-10-06 11:10:38 -07:00",
        ),
        (
            "2016-10-06 11:10 +0200",
            "'2016-10-06 11:10 +0200' is geen tijdstip dat de site begrijpt — zet er seconden bij "
            "en zet een dubbele punt in de tijdzone: date: 2016-10-06 11:10:00 +02:00",
        ),
        (
            "2016-10-06 23:10:38 PST",
            "'2016-10-06 23:10:38 PST' is geen tijdstip dat de site begrijpt — schrijf de "
            "tijdzone PST als verschil met UTC: date: 2016-10-06 23:10:38 -08:00",
        ),
        (
            "2016-10-06 11:10:38 UTC",
            "'2016-10-06 11:10:38 UTC' is geen tijdstip dat de site begrijpt — laat UTC weg (de "
            "site rekent al in UTC): date: 2016-10-06 11:10:38",
        ),
        (
            '"2018-05-01T10:00:00+02:00"',
            "staat tussen aanhalingstekens, dus de site ziet het als tekst — haal de "
            "aanhalingstekens weg: date: 2018-05-01T10:00:00+02:00",
        ),
        (
            "2016-10-06 25:10:38",
            "'2016-10-06 25:10:38' bevat een tijdstip dat niet bestaat — schrijf uren van 00 tot "
            "23 en minuten en seconden van 00 tot 59, bijvoorbeeld date: 2016-10-06 09:30:00",
        ),
        (
            "2016-10-06 om tien uur",
            "'2016-10-06 om tien uur' is geen datum die de site begrijpt — schrijf alleen "
            "jaar-maand-dag: date: 2016-10-06",
        ),
    ],
)
def test_dates_of_other_blogs_keep_their_day_time_and_zone_in_the_fix(
    valid_site: Path, written: str, expected: str
) -> None:
    settings, _ = check(valid_site)
    source = (valid_site / "docs/blog/posts/concept.md").read_text(encoding="utf-8")
    post = valid_site / "docs/blog/posts/oude-datum.md"
    post.write_text(re.sub(r"(?m)^date: .*$", f"date: {written}", source), encoding="utf-8")
    try:
        found = [(p.field, p.message) for p in check_file(post, settings).problems]
    finally:
        post.unlink()
    assert found == [("date", expected)]
