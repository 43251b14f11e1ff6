"""Import the test exports into copies of the real site and compare what lands with golden files.

`tests/importer/data/` holds a WordPress export (with an uploads/ folder), an RSS feed, an Atom
feed and a Jekyll site, all invented. `tests/importer/expected/<name>/` holds, for each, every
file the import writes (the posts and their images under `posts/`, `redirects.yml`,
`import-mapping.yml`) and the report it prints (`report.txt`), compared whole. After an
intended change, `IMPORT_GOLDEN=write pytest tests/importer` writes them anew: read the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from coachsite.importer.__main__ import main
from tests.conftest import copy_project

DATA = Path(__file__).parent / "data"
EXPECTED = Path(__file__).parent / "expected"
# The post that is in the real site before any import.
OWN_POSTS = {"kwetsbaar.md"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def run(
    project: Path, source: Path, *args: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """`python -m coachsite.importer` on the copy; exit status and everything it printed."""
    status = main([str(source), "-f", str(project / "mkdocs.yml"), *args])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def written_files(project: Path) -> dict[str, bytes]:
    """Every file the import may write, by its place in the golden folder."""
    files: dict[str, bytes] = {}
    posts = project / "docs" / "blog" / "posts"
    for path in sorted(posts.rglob("*")):
        if path.is_file() and path.relative_to(posts).as_posix() not in OWN_POSTS:
            files["posts/" + path.relative_to(posts).as_posix()] = path.read_bytes()
    for name in ("redirects.yml", "import-mapping.yml"):
        if (project / name).exists():
            files[name] = (project / name).read_bytes()
    return files


def assert_golden(name: str, files: dict[str, bytes], report: str) -> None:
    """The files and the report are exactly the golden ones (or are written, on request)."""
    folder = EXPECTED / name
    everything = {**files, "report.txt": report.encode("utf-8")}
    if os.environ.get("IMPORT_GOLDEN") == "write":
        shutil.rmtree(folder, ignore_errors=True)
        for relative, data in everything.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(data)
    expected = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    assert sorted(everything) == sorted(expected)
    for relative, data in everything.items():
        assert data.decode("utf-8", "replace") == expected[relative].decode("utf-8", "replace"), (
            relative
        )
        assert data == expected[relative], relative


def snapshot(project: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of the project with its modification time, to prove a run wrote nothing."""
    return {
        path.relative_to(project).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
        for path in sorted(project.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
