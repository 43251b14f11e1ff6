"""Netlify keeps the build's image cache from one deploy to the next: the real `netlify build`.

Two deploys of a copy of the site, each from a work tree without `.cache/` (as Netlify's fresh
clone), by the Netlify CLI's own build (`netlify build --offline`): it reads netlify.toml, runs
the local plugin netlify/plugins/keep-cache with Netlify's cache utilities, and the build
command as written there. That command installs the project with pip, so it runs in a
throw-away virtual environment whose packages are the project's .venv. Between the deploys a
post is retitled: the second deploy draws only its new card, takes the rest from the cache
and removes the old card from it, so the cache does not grow with every change.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_project, venv_over_ours
from tests.netlify.conftest import NETLIFY, cli_env

POST = """\
---
date: 2026-11-20
description: Een bericht om de kaart bij het delen van te tekenen.
categories:
  - Coachend leiderschap
authors:
  - coach
---

# {title}

Een eerste alinea.

<!-- more -->

Een tweede alinea.
"""

SHARE = re.compile(
    r"Deelafbeeldingen: (?P<drawn>\d+) getekend, (?P<cached>\d+) uit de cache, "
    r"(?P<removed>\d+) niet meer gebruikt en uit de cache gehaald"
)


@dataclass(frozen=True)
class Deploy:
    log: str
    drawn: int
    cached: int
    removed: int
    cache: frozenset[str]  # the share-image cache after the build, as Netlify saves it


def throwaway_python(target: Path) -> Path:
    """The bin folder of a virtual environment over .venv, with a `pip` that is .venv's: pip and
    the locked setuptools (a `pip` of its own would bring Python 3.11's old setuptools)."""
    venv_over_ours(target)
    pip = target / "bin" / "pip"
    pip.write_text('#!/bin/sh\nexec "$(dirname "$0")/python" -m pip "$@"\n', encoding="utf-8")
    pip.chmod(0o755)
    return target / "bin"


def deploy(project: Path, env: dict[str, str]) -> Deploy:
    for fresh in (".cache", "site"):
        shutil.rmtree(project / fresh, ignore_errors=True)
    result = subprocess.run(
        [str(NETLIFY), "build", "--offline"],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-6000:]
    found = SHARE.search(log)
    assert found, log[-6000:]
    cache = project / ".cache" / "share-images"
    return Deploy(
        log,
        int(found["drawn"]),
        int(found["cached"]),
        int(found["removed"]),
        frozenset(path.name for path in cache.iterdir()),
    )


@pytest.fixture(scope="module")
def deploys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Deploy, Deploy]:
    root = tmp_path_factory.mktemp("deploys")
    project = copy_project(root / "project")
    for name in ("netlify.toml", "pyproject.toml"):
        shutil.copy(REPO / name, project / name)
    shutil.copytree(REPO / "netlify", project / "netlify")
    home = root / "home"
    home.mkdir()
    env = cli_env(
        home,
        throwaway_python(root / "venv"),
        # Netlify's build system sets NETLIFY=true; the CLI's local build does not.
        NETLIFY="true",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        # A production build needs its endpoint (issue: every lead arrives in production).
        CONTACT_FUNCTION_URL="https://abcdefghij.lambda-url.eu-west-1.on.aws/",
        CONTACT_PROXY_SECRET="a-secret-of-more-than-sixteen-characters",
        DISABLE_MKDOCS_2_WARNING="true",
        NO_MKDOCS_2_WARNING="1",
    )
    post = project / "docs" / "blog" / "posts" / "delen.md"
    post.write_text(POST.format(title="Een eerste titel"), encoding="utf-8")
    first = deploy(project, env)
    post.write_text(POST.format(title="Een betere titel"), encoding="utf-8")
    return first, deploy(project, env)


def test_the_first_deploy_draws_every_card_and_netlify_saves_them(
    deploys: tuple[Deploy, Deploy],
) -> None:
    first, _ = deploys
    assert "Nog geen buildcache" in first.log
    assert "Buildcache bewaard" in first.log
    assert first.drawn >= 3  # the site's card, "Kwetsbaar" and the new post at least
    assert first.cached == first.removed == 0
    assert len(first.cache) == first.drawn


def test_the_next_deploy_draws_only_the_changed_card(deploys: tuple[Deploy, Deploy]) -> None:
    first, second = deploys
    assert "Buildcache teruggezet" in second.log
    assert (second.drawn, second.cached, second.removed) == (1, first.drawn - 1, 1)
    # The retitled post's old card is gone, its new one is kept for the next deploy.
    assert len(first.cache - second.cache) == 1
    assert len(second.cache - first.cache) == 1
    assert len(second.cache) == len(first.cache)
