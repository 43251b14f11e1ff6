"""`make post` and `python -m coachsite.newpost`: a new post that passes the check, never
overwrites, and takes its title as data: nothing in it is run by make or the shell."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coachsite.frontmatter import Severity, check_file, load_settings
from coachsite.newpost import NewPostError, clean_title, create_post, post_slug, today
from coachsite.slugs import ascii_slug
from tests.conftest import copy_make_files, mkdocs_build

from .conftest import REPO, make_site

TEMPLATE = """\
---
{title}
date: {date}
slug: {slug}
draft: true
description: 'Vervang deze zin door een korte samenvatting van de post: die staat in zoekmachines en bij het delen.'
categories:
  - Coachend leiderschap
authors:
  - coach
---

Schrijf hier de inleiding: die verschijnt op de overzichtspagina van de blog.

<!-- more -->

Schrijf hier de rest van je verhaal. Gebruik ## voor tussenkopjes.
"""  # noqa: E501 - the file as written, one line per field

EXPECTED = TEMPLATE.format(
    title="title: 'Één stap: verder met feedback'",
    date="2026-11-29",
    slug="een-stap-verder-met-feedback",
)
EMPTY = 'de titel is leeg — geef een titel mee: make post TITLE="Mijn nieuwe blog"\n'


def new_post(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coachsite.newpost", *args],
        cwd=site,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_new_post_is_valid_builds_and_is_never_overwritten(tmp_path: Path) -> None:
    site = make_site(tmp_path / "project", "valid")
    result = new_post(site, "Één stap:  verder met feedback", "--date", "2026-11-29")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "docs/blog/posts/een-stap-verder-met-feedback.md\n",
        "",
    )
    path = site / "docs/blog/posts/een-stap-verder-met-feedback.md"
    assert path.read_text(encoding="utf-8") == EXPECTED

    checked = check_file(path, load_settings(site / "mkdocs.yml"))
    assert [p for p in checked.problems if p.severity is Severity.ERROR] == []
    assert sorted(f"{p.line}: {p.field}" for p in checked.problems) == ["1: tags", "6: description"]

    again = new_post(site, "Één stap: verder met feedback")
    assert (again.returncode, again.stdout, again.stderr) == (
        1,
        "",
        "docs/blog/posts/een-stap-verder-met-feedback.md bestaat al — kies een andere titel, "
        "of open dat bestand\n",
    )
    assert path.read_text(encoding="utf-8") == EXPECTED

    # Material reads the draft too (and leaves it out of the production build).
    build = mkdocs_build(site, tmp_path / "site", strict=True)
    assert build.returncode == 0, build.stderr


def test_default_date_is_today_in_the_netherlands(tmp_path: Path) -> None:
    site = make_site(tmp_path, "valid")
    before = today()
    result = new_post(site, "Vandaag")
    after = today()
    assert result.returncode == 0, result.stderr
    text = (site / "docs/blog/posts/vandaag.md").read_text(encoding="utf-8")
    # Either side of midnight is fine: the date is Amsterdam's, not the machine's UTC.
    assert any(f"\ndate: {day.isoformat()}\n" in text for day in (before, after))
    amsterdam = dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    assert amsterdam in (before, after)


def test_a_title_without_letters_or_digits_gets_a_dated_slug(tmp_path: Path) -> None:
    site = make_site(tmp_path, "valid")
    result = new_post(site, "?!", "--date", "2026-11-29")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "docs/blog/posts/post-2026-11-29.md\n",
        "",
    )
    text = (site / "docs/blog/posts/post-2026-11-29.md").read_text(encoding="utf-8")
    assert text == TEMPLATE.format(title="title: ?!", date="2026-11-29", slug="post-2026-11-29")


@pytest.mark.parametrize("title", ["", "   ", " \t\n "])
def test_an_empty_title_is_refused_in_dutch(tmp_path: Path, title: str) -> None:
    site = make_site(tmp_path, "valid")
    result = new_post(site, title)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", EMPTY)


def test_ascii_slug_drops_accents_and_punctuation() -> None:
    assert ascii_slug("Één op één: coachen & groeien") == "een-op-een-coachen-groeien"
    assert ascii_slug("Straße, Ærø en café’s") == "strasse-aero-en-cafe-s"


def test_a_slug_is_cut_between_words_to_at_most_60_characters() -> None:
    day = dt.date(2026, 12, 1)
    # 60 characters exactly: kept whole.
    assert post_slug("a" * 29 + " " + "b" * 30, day) == "a" * 29 + "-" + "b" * 30
    # The word that crosses 60 is left out, not cut.
    assert post_slug("coachend leiderschap " * 4, day) == (
        "coachend-leiderschap-coachend-leiderschap-coachend"
    )
    # One word longer than 60 is cut inside it: the slug is never empty.
    assert post_slug("x" * 80, day) == "x" * 60
    assert post_slug("🌱 — !?", day) == "post-2026-12-01"


def test_a_title_is_cleaned_to_one_line_of_text() -> None:
    assert clean_title("  Twee\nregels\ten\x00een\x7fbel\x07  ") == "Twee regels en een bel"
    # Bytes that were not UTF-8 arrive as lone surrogates (os.environ, sys.argv).
    assert clean_title("caf\udce9 ok") == "caf\ufffd ok"


@pytest.fixture(scope="module")
def blank_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("blank"), "valid")


@given(title=st.text(max_size=400))
@settings(max_examples=150, deadline=None)
def test_any_title_gives_a_valid_post_with_a_sane_slug(blank_site: Path, title: str) -> None:
    config = load_settings(blank_site / "mkdocs.yml")
    try:
        path = create_post(title, config, date=dt.date(2026, 12, 1))
    except NewPostError as error:
        assert (str(error), clean_title(title)) == (EMPTY.strip(), "")
        return
    try:
        frontmatter = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        assert frontmatter["title"] == clean_title(title)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", frontmatter["slug"])
        assert len(frontmatter["slug"]) <= 60
        assert path.name == f"{frontmatter['slug']}.md"
        checked = check_file(path, config)
        assert [p for p in checked.problems if p.severity is Severity.ERROR] == []
    finally:
        path.unlink()


# `make post TITLE=…` as the coach types it. Each command in these titles would create a file in
# the project (`gemaakt`, `x`) if make or the shell ran it, and $HOME would become the project.
LONG = ("Over coachend leiderschap, vitaliteit en de moed om kwetsbaar te zijn. " * 5).strip()
MAKE_TITLES = [
    # the title, its slug as YAML writes it ({date}: today), its line in the frontmatter
    (
        "Feedback $(touch gemaakt) geven",
        "feedback-touch-gemaakt-geven",
        "title: Feedback $(touch gemaakt) geven",
    ),
    (
        "Kwetsbaar `touch gemaakt` zijn",
        "kwetsbaar-touch-gemaakt-zijn",
        "title: Kwetsbaar `touch gemaakt` zijn",
    ),
    (
        "$(shell touch gemaakt) en $HOME en ${HOME} en $$HOME",
        "shell-touch-gemaakt-en-home-en-home-en-home",
        "title: $(shell touch gemaakt) en $HOME en ${HOME} en $$HOME",
    ),
    (
        'Leiderschap;touch gemaakt;rm -rf docs ; echo "klaar"',
        "leiderschap-touch-gemaakt-rm-rf-docs-echo-klaar",
        'title: Leiderschap;touch gemaakt;rm -rf docs ; echo "klaar"',
    ),
    (
        "Zeg \"ja\" of 'nee' & ga door | touch gemaakt > x",
        "zeg-ja-of-nee-ga-door-touch-gemaakt-x",
        "title: Zeg \"ja\" of 'nee' & ga door | touch gemaakt > x",
    ),
    ("'; touch gemaakt; '", "touch-gemaakt", "title: '''; touch gemaakt; '''"),
    ("Groeien 🌱 als leider 👩‍💼", "groeien-als-leider", "title: Groeien 🌱 als leider 👩‍💼"),
    ("?!… — ***", "post-{date}", "title: ?!… — ***"),
    ("- ja: nee # #tag [x] {y}", "ja-nee-tag-x-y", "title: '- ja: nee # #tag [x] {y}'"),
    ("--help", "help", "title: --help"),
    ("yes", "'yes'", "title: 'yes'"),
    ("Twee\nregels  en\teen tab", "twee-regels-en-een-tab", "title: Twee regels en een tab"),
    (LONG, "over-coachend-leiderschap-vitaliteit-en-de-moed-om-kwetsbaar", f"title: {LONG}"),
    (
        "Zelfleiderschapsontwikkelingstrajectbegeleidingsmethodiekvernieuwingsvoorstellen",
        "zelfleiderschapsontwikkelingstrajectbegeleidingsmethodiekver",
        "title: Zelfleiderschapsontwikkelingstrajectbegeleidingsmethodiekvernieuwingsvoorstellen",
    ),
]


@pytest.fixture(scope="module")
def make_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_site(tmp_path_factory.mktemp("make") / "project", "valid")
    copy_make_files(project)
    return project


def make_post(project: Path, *variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "post", *variables, f"VENV={REPO / '.venv'}"],
        cwd=project,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "HOME": str(project)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def files(project: Path) -> set[Path]:
    return {path for path in project.rglob("*") if "__pycache__" not in path.parts}


@pytest.mark.parametrize(("title", "slug", "title_line"), MAKE_TITLES)
def test_make_post_takes_the_title_as_data(
    make_project: Path, title: str, slug: str, title_line: str
) -> None:
    before, days = files(make_project), {today()}
    result = make_post(make_project, f"TITLE={title}")
    days.add(today())  # either side of midnight
    assert result.returncode == 0, result.stdout + result.stderr
    # Nothing ran: the post is the only new file.
    created = files(make_project) - before
    assert len(created) == 1, created
    path = created.pop()
    assert result.stdout.splitlines()[-1] == f"docs/blog/posts/{path.name}"
    written = (path.name, path.read_text(encoding="utf-8"))
    assert written in {
        (
            f"{yaml.safe_load(slug.format(date=day))}.md",
            TEMPLATE.format(title=title_line, date=day, slug=slug.format(date=day)),
        )
        for day in days
    }
    checked = check_file(path, load_settings(make_project / "mkdocs.yml"))
    assert [p for p in checked.problems if p.severity is Severity.ERROR] == []


@pytest.mark.parametrize("variables", [(), ("TITLE=",), ("TITLE=  \t ",)])
def test_make_post_without_a_title_says_so_in_dutch(
    make_project: Path, variables: tuple[str, ...]
) -> None:
    before = files(make_project)
    result = make_post(make_project, *variables)
    assert result.returncode == 2
    assert result.stderr.startswith(EMPTY), result.stderr
    assert files(make_project) == before


def test_make_post_never_overwrites(make_project: Path) -> None:
    title = "TITLE=Eén keer; `touch gemaakt`"
    first = make_post(make_project, title)
    assert first.returncode == 0, first.stderr
    path = make_project / "docs/blog/posts/een-keer-touch-gemaakt.md"
    mine = path.read_text(encoding="utf-8") + "Mijn eigen tekst.\n"
    path.write_text(mine, encoding="utf-8")
    again = make_post(make_project, title)
    assert again.returncode == 2
    assert again.stderr.startswith(
        "docs/blog/posts/een-keer-touch-gemaakt.md bestaat al — kies een andere titel, "
        "of open dat bestand\n"
    )
    assert path.read_text(encoding="utf-8") == mine
    assert not (make_project / "gemaakt").exists()
