"""A macro used the wrong way stops the build with one Dutch line: file, line, what to change."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_project, mkdocs_build
from tests.plugins.example import integrate, post

# The post's body starts at line 18 of the file; the macro is on line 20.
CASES = {
    "misspelt": (
        "{{ recnt_posts(3) }}",
        "docs/blog/posts/fout.md:20: onbekende macro of variabele 'recnt_posts'; "
        "bedoel je 'recent_posts'?",
    ),
    "too-many": (
        "{{ recent_posts(3, 4) }}",
        "docs/blog/posts/fout.md:20: recent_posts(): te veel argumenten; "
        "gebruik: recent_posts(n=5)",
    ),
    "missing": (
        '{{ youtube("dQw4w9WgXcQ") }}',
        "docs/blog/posts/fout.md:20: youtube(): het argument 'title' ontbreekt; "
        "gebruik: youtube(id, title)",
    ),
    "unknown-keyword": (
        "{{ related_posts(aantal=2) }}",
        "docs/blog/posts/fout.md:20: related_posts(): onbekend argument 'aantal'; "
        "gebruik: related_posts(n=3)",
    ),
    "bad-value": (
        '{{ youtube("https://youtu.be/x", "Titel") }}',
        "docs/blog/posts/fout.md:20: youtube(): 'https://youtu.be/x' is geen YouTube-id; "
        "dat zijn de 11 tekens na 'watch?v=' in het adres van de video",
    ),
    "syntax": (
        "{{ recent_posts(3) }",
        "docs/blog/posts/fout.md:20: fout in de macro-syntaxis: unexpected '}'",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_wrong_macro_fails_the_build_with_file_and_line(tmp_path: Path, case: str) -> None:
    body, expected = CASES[case]
    project = copy_project(tmp_path / "project")
    integrate(project)
    text = post(
        "Fout",
        "2025-01-01",
        ["Zelfleiderschap"],
        ["feedback"],
        f"Tekst.\n\n{body}",
        extra="render_macros: true",
    )
    assert text.splitlines()[19] == body  # line 20 of the file
    (project / "docs" / "blog" / "posts" / "fout.md").write_text(text, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert f"ERROR   -  {expected}\n" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Macro Rendering Error" not in result.stderr


def test_related_posts_outside_a_post_names_the_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    integrate(project)
    page = (
        "---\ntitle: Over\ndescription: Over deze site, een pagina voor de tests van de plugins.\n"
        "render_macros: true\n---\n\n# Over\n\n{{ related_posts() }}\n"
    )
    (project / "docs" / "over.md").write_text(page, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "ERROR   -  docs/over.md:9: related_posts(): werkt alleen in een blogbericht\n"
        in result.stderr
    )
