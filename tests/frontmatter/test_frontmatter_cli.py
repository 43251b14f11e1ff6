"""`python -m coachsite.frontmatter`, as `make check` and pre-commit run it: exit codes, output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import REPO, make_site


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coachsite.frontmatter", *args],
        cwd=cwd,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_broken_site_exits_1_with_the_whole_report(broken_site: Path) -> None:
    result = run_check(broken_site)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "De site wordt niet gebouwd: los eerst deze fouten in de frontmatter op."
    assert "Let op (de site wordt wel gebouwd):" in lines
    assert lines[-1] == (
        "Frontmatter: 92 fouten en 4 waarschuwingen in 59 bestanden (62 bestanden gecontroleerd)."
    )
    assert result.stderr == ""


def test_warnings_alone_exit_0(valid_site: Path) -> None:
    result = run_check(valid_site)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "Let op (de site wordt wel gebouwd):"


def test_clean_site_exits_0_and_says_so(tmp_path: Path) -> None:
    site = make_site(tmp_path, "valid")
    (site / "docs/blog/posts/zonder-tags.md").unlink()
    over = site / "docs/over.md"  # a post links to it, so it stays; with a description
    description = (
        "Wie ik ben en hoe ik leidinggevenden help om zichzelf te blijven, ook als het spannend is."
    )
    over.write_text(f"---\ndescription: {description}\n---\n" + over.read_text(encoding="utf-8"))
    result = run_check(site)
    assert (result.returncode, result.stdout) == (
        0,
        "Frontmatter in orde: 10 bestanden gecontroleerd.\n",
    )


def test_paths_limit_the_check_to_those_files(broken_site: Path) -> None:
    result = run_check(broken_site, "docs/blog/posts/bad-slug.md", "docs/blog/index.md")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "De site wordt niet gebouwd: los eerst deze fouten in de frontmatter op.",
        "docs/blog/posts/bad-slug.md:11: slug: 'Mijn_Post' is geen geldige slug — gebruik "
        "alleen kleine letters en cijfers met streepjes ertussen, bijvoorbeeld slug: mijn-post",
        "",
        "Frontmatter: 1 fout en 0 waarschuwingen in 1 bestand (2 bestanden gecontroleerd).",
    ]


def test_a_markdown_file_given_by_name_is_checked_too(broken_site: Path) -> None:
    result = run_check(broken_site, "docs/blog/posts/kwetsbaar-oud.markdown")
    assert result.returncode == 0  # alone it shares its URL with nothing
    assert result.stdout == "Frontmatter in orde: 1 bestand gecontroleerd.\n"
    result = run_check(
        broken_site, "docs/blog/posts/kwetsbaar-oud.markdown", "docs/blog/posts/kwetsbaar.md"
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == (
        "Frontmatter: 2 fouten en 0 waarschuwingen in 2 bestanden (2 bestanden gecontroleerd)."
    )


def test_missing_config_or_path_exits_2_with_a_dutch_message(tmp_path: Path) -> None:
    result = run_check(tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "mkdocs.yml bestaat niet — voer de controle uit in de map met mkdocs.yml, "
        "of geef het pad mee met --config-file\n"
    )
    site = make_site(tmp_path / "site", "valid")
    result = run_check(site, "docs/bestaat-niet.md")
    assert (result.returncode, result.stderr) == (
        2,
        "docs/bestaat-niet.md bestaat niet — controleer het pad\n",
    )


def test_the_real_site_passes_the_check() -> None:
    result = run_check(REPO)
    assert result.returncode == 0, result.stdout
