"""The example blog, built once per session: as production builds it, and as `mkdocs serve`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import mkdocs_build
from tests.plugins.example import make_example


def _build(tmp: Path, *, drafts_shown: bool) -> Path:
    project = make_example(tmp / "project", drafts_shown=drafts_shown)
    site = tmp / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("plugins"), drafts_shown=False)


@pytest.fixture(scope="session")
def example_site_with_drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("plugins-drafts"), drafts_shown=True)
