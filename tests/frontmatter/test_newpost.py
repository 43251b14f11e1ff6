"""`python -m coachsite.newpost`: a new post that passes the check, and never overwrites."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from coachsite.frontmatter import Severity, check_file, load_settings
from coachsite.frontmatter.fields import ascii_slug
from coachsite.newpost import today
from tests.conftest import mkdocs_build

from .conftest import REPO, make_site

EXPECTED = """\
---
title: 'Één stap: verder met feedback'
date: 2026-11-29
slug: een-stap-verder-met-feedback
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


def test_a_title_without_words_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, "valid")
    result = new_post(site, "?!")
    assert (result.returncode, result.stderr) == (
        1,
        "de titel bevat geen letters of cijfers — kies een titel met woorden\n",
    )


def test_ascii_slug_drops_accents_and_punctuation() -> None:
    assert ascii_slug("Één op één: coachen & groeien") == "een-op-een-coachen-groeien"
    assert ascii_slug("Straße, Ærø en café’s") == "strasse-aero-en-cafe-s"
