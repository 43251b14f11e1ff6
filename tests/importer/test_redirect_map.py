"""The redirect map: read with its line numbers, refused with Dutch `file:line` lines (also by a
real build, before site/ is emptied), and written after the proxy rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachsite.frontmatter.__main__ import main as check_main
from coachsite.redirects import Redirect, read_map, rules, with_rules
from tests.conftest import mkdocs_build


def test_a_good_map() -> None:
    text = "# opmerking\n/2019/03/oud/: /blog/nieuw/\n'/caf%C3%A9/': /blog/cafe/\n"
    assert read_map(text).redirects == (
        Redirect("/2019/03/oud/", "/blog/nieuw/", 2),
        Redirect("/caf%C3%A9/", "/blog/cafe/", 3),
    )
    assert read_map("").redirects == ()


def test_every_problem_with_its_line() -> None:
    text = (
        "/goed/: /blog/goed/\n"
        "/met spatie/: /blog/x/\n"
        "/oud/: https://elders.example/\n"
        "/splat/*: /blog/y/\n"
        "/goed/: /blog/ander/\n"
        "/blog/zelf/: /blog/zelf\n"
        "/lijst/: [/a/, /b/]\n"
    )
    assert read_map(text).errors == (
        "redirects.yml:2: '/met spatie/' is geen geldig oud adres — schrijf een pad dat met / "
        "begint, zonder spaties of tekens als * : ! (bijvoorbeeld /2019/03/12/mijn-oude-post/)",
        "redirects.yml:3: 'https://elders.example/' is geen geldig nieuw adres — schrijf een pad "
        "dat met / begint, zonder spaties of tekens als * : ! (bijvoorbeeld "
        "/blog/mijn-oude-post/)",
        "redirects.yml:4: '/splat/*' is geen geldig oud adres — schrijf een pad dat met / "
        "begint, zonder spaties of tekens als * : ! (bijvoorbeeld /2019/03/12/mijn-oude-post/)",
        "redirects.yml:5: '/goed/' staat er al op regel 1 — houd één van de twee regels over",
        "redirects.yml:6: '/blog/zelf/' verwijst naar zichzelf — haal deze regel weg",
        "redirects.yml:7: hier hoort één oud pad met één nieuw pad erachter, zoals "
        "/2019/03/12/mijn-oude-post/: /blog/mijn-oude-post/",
    )


def test_unreadable_and_wrong_shape() -> None:
    assert read_map("/a/: /b/\n  - x: [\n").errors == (
        "redirects.yml:2: het bestand is niet te lezen — schrijf per regel /oud/pad/: "
        "/blog/nieuw-pad/ en controleer dubbele punten en aanhalingstekens",
    )
    assert read_map("- /a/\n- /b/\n").errors == (
        "redirects.yml:1: verwacht per regel een oud en een nieuw pad, zoals "
        "/2019/03/12/mijn-oude-post/: /blog/mijn-oude-post/",
    )


def test_rules_only_for_built_pages(tmp_path: Path) -> None:
    (tmp_path / "blog/er").mkdir(parents=True)
    (tmp_path / "blog/er/index.html").write_text("<p>", encoding="utf-8")
    block, notices = rules(
        [Redirect("/oud/er/", "/blog/er/", 1), Redirect("/oud/weg/", "/blog/weg/", 2)], tmp_path
    )
    assert block == "/oud/er/  /blog/er/  301\n"
    assert notices == [
        "redirects.yml:2: /blog/weg/ staat (nog) niet op de site — /oud/weg/ wordt pas "
        "doorverwezen als die post online staat"
    ]


def test_with_rules_appends_once() -> None:
    block = "/a/  /b/  301\n"
    assert with_rules("", block) == block
    assert with_rules("/x  /y  200", block) == "/x  /y  200\n" + block
    assert with_rules(block, block) == block


def test_a_broken_map_stops_the_build_and_keeps_the_old_site(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "oud.html").write_text("de vorige site", encoding="utf-8")
    (project / "redirects.yml").write_text(
        "/2019/oud/: /blog/kwetsbaar/\n/2019/ook oud/: /blog/kwetsbaar/\n", encoding="utf-8"
    )
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    assert (
        "De site wordt niet gebouwd: los eerst deze fouten in de doorverwijzingen op.\n"
        "redirects.yml:2: '/2019/ook oud/' is geen geldig oud adres — schrijf een pad dat met / "
        "begint, zonder spaties of tekens als * : ! (bijvoorbeeld /2019/03/12/mijn-oude-post/)\n"
    ) in result.stderr
    assert (site / "oud.html").read_text(encoding="utf-8") == "de vorige site"


def test_a_hand_written_map_works_without_an_import(project: Path, tmp_path: Path) -> None:
    (project / "redirects.yml").write_text("/2019/oud/: /blog/kwetsbaar/\n", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert (site / "_redirects").read_text(encoding="utf-8") == (
        "/2019/oud/  /blog/kwetsbaar/  301\n"
    )
    assert not (site / "redirects.yml").exists()


def test_make_check_reads_the_map_as_the_build_does(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "redirects.yml").write_text("/oud/: /blog/kwetsbaar/\n/oud/: /blog/\n", "utf-8")
    status = check_main(["-f", str(project / "mkdocs.yml")])
    out = capsys.readouterr().out
    assert status == 1
    assert out.splitlines()[-2:] == [
        "De site wordt niet gebouwd: los eerst deze fouten in de doorverwijzingen op.",
        "redirects.yml:2: '/oud/' staat er al op regel 1 — houd één van de twee regels over",
    ]
    # Checking only some posts (pre-commit, by file) leaves the map to the full check.
    post = project / "docs" / "blog" / "posts" / "kwetsbaar.md"
    assert check_main(["-f", str(project / "mkdocs.yml"), str(post)]) == 0
