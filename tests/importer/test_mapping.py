"""`import-mapping.yml`: proposed on the first import, edited by the coach, used on the next
one with --force; new names are added without touching her edits; wrong values stop the import
with `file:line` lines before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachsite.importer.mapping import closest_category

from .conftest import DATA, run, snapshot

EXPORT = DATA / "wordpress" / "export.xml"
ALLOWED = (
    "Coachend leiderschap",
    "Vitaal leiderschap",
    "Zelfleiderschap",
    "Feedback en communicatie",
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("coachend LEIDERSCHAP", "Coachend leiderschap"),
        ("Leiderschap", "Coachend leiderschap"),
        ("Communicatie", "Feedback en communicatie"),
        ("Feedbak", "Feedback en communicatie"),
        ("Zelf-leiderschap", "Zelfleiderschap"),
        ("Vitaliteit", None),
        ("Uncategorized", None),
    ],
)
def test_closest_category(old: str, new: str | None) -> None:
    assert closest_category(old, ALLOWED) == new


def test_the_coach_edits_the_mapping_and_imports_again(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(project, EXPORT, capsys=capsys)
    mapping = project / "import-mapping.yml"
    text = mapping.read_text(encoding="utf-8")
    edited = text.replace(
        '"Vitaliteit": "Coachend leiderschap"  # let op: geen passende categorie gevonden, '
        "kies zelf",
        '"Vitaliteit": "Vitaal leiderschap"  # zelf gekozen',
    ).replace('"gastschrijver": "coach"', '"gastschrijver": "coach"  # de gast bleef anoniem')
    assert edited != text
    mapping.write_text(edited, encoding="utf-8")

    status, report = run(project, EXPORT, "--force", capsys=capsys)
    assert status == 0, report
    assert "overschreven: docs/blog/posts/waarom-ik-coach.md" in report.splitlines()
    post = (project / "docs/blog/posts/waarom-ik-coach.md").read_text(encoding="utf-8")
    assert "categories:\n  - Vitaal leiderschap\n" in post
    assert mapping.read_text(encoding="utf-8") == edited


def test_new_names_are_added_to_their_section(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "import-mapping.yml").write_text(
        '# mijn eigen opmerking\ncategories:\n  "Leiderschap": "Zelfleiderschap"  # bewust\n'
        'authors:\n  "marieke": "coach"\n',
        encoding="utf-8",
    )
    status, report = run(project, DATA / "atom" / "atom.xml", capsys=capsys)
    assert status == 0, report
    assert (project / "import-mapping.yml").read_text(encoding="utf-8") == (
        '# mijn eigen opmerking\ncategories:\n  "Leiderschap": "Zelfleiderschap"  # bewust\n'
        '  "Vitaliteit": "Coachend leiderschap"  # let op: geen passende categorie gevonden, '
        'kies zelf\n  "Zelfleiderschap": "Zelfleiderschap"\n'
        'authors:\n  "marieke": "coach"\n  "Sanne": "coach"\n'
    )


def test_a_wrong_value_stops_the_import_before_anything_is_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "import-mapping.yml").write_text(
        'categories:\n  "Leiderschap": "Leiderschap"\nauthors:\n  "marieke": "marieke"\n'
        "kleuren:\n  rood: blauw\n",
        encoding="utf-8",
    )
    before = snapshot(project)
    status, output = run(project, EXPORT, capsys=capsys)
    assert snapshot(project) == before
    assert (status, output) == (
        1,
        "De import is gestopt: los eerst dit op.\n"
        "import-mapping.yml:5: kleuren: is geen bekend kopje — gebruik categories: of authors:\n",
    )
    (project / "import-mapping.yml").write_text(
        'categories:\n  "Leiderschap": "Leiderschap"\nauthors:\n  "marieke": "marieke"\n',
        encoding="utf-8",
    )
    status, output = run(project, EXPORT, capsys=capsys)
    assert (status, output) == (
        1,
        "De import is gestopt: los eerst dit op.\n"
        "import-mapping.yml:2: 'Leiderschap' is geen toegestane categorie — kies uit Coachend "
        "leiderschap, Vitaal leiderschap, Zelfleiderschap, Feedback en communicatie "
        '(bijvoorbeeld "Leiderschap": "Coachend leiderschap")\n'
        "import-mapping.yml:4: 'marieke' staat niet in het auteursbestand — kies uit coach\n",
    )


def test_the_source_may_come_from_the_environment(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `make import SOURCE=…` does: the path is data in IMPORT_SOURCE, never shell."""
    from coachsite.importer.__main__ import main

    monkeypatch.setenv("IMPORT_SOURCE", str(DATA / "atom" / "atom.xml"))
    assert main(["-f", str(project / "mkdocs.yml"), "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("Import van een Atom-blog:\n")
    monkeypatch.delenv("IMPORT_SOURCE")
    assert main(["-f", str(project / "mkdocs.yml")]) == 2
    assert capsys.readouterr().err == (
        "geef de export mee: make import SOURCE=pad/naar/export.xml (of een feed, of de map "
        "met Jekyll- of Hugo-posts)\n"
    )
