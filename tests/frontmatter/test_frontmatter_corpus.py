"""The standalone check over the corpus: every broken post gives exactly its expected lines.

`corpus/broken.expected` and `corpus/valid.expected` hold the exact report lines (warnings
prefixed with `let op: `, as the MkDocs hook logs them); each file of the corpus is compared
on its own, so a failure names the rule that changed.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from coachsite.frontmatter import Report, Severity

from .conftest import CORPUS, check, make_site

BROKEN_DOCS = CORPUS / "broken"
BROKEN_FILES = sorted(
    "docs/" + path.relative_to(BROKEN_DOCS).as_posix() for path in BROKEN_DOCS.rglob("*.md")
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
        "Frontmatter: 0 fouten en 2 waarschuwingen in 2 bestanden (9 bestanden gecontroleerd)."
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
