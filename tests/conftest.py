"""Shared fixtures: real MkDocs builds of the real site and of example sites."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The address the test builds claim as their own: canonical URLs, feeds and the
# sitemap point here, and nothing else counts as "this site".
SITE_URL = "https://coach.test/"


def free_port() -> int:
    """A loopback port nobody listens on right now, for a test server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DISABLE_MKDOCS_2_WARNING": "true",
            "NO_MKDOCS_2_WARNING": "1",
            "URL": SITE_URL,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(extra)
    return env


def mkdocs_build(
    project: Path, site_dir: Path, *, strict: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build` of the project in a subprocess, as Netlify does."""
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    args += ["-d", str(site_dir)]
    if strict:
        args.append("--strict")
    return subprocess.run(
        args, cwd=project, env=build_env(**env), capture_output=True, text=True, timeout=600
    )


def venv_over_ours(target: Path) -> Path:
    """A throw-away virtual environment in `target` whose packages, after its own, are those of
    the project's .venv; returns its own site-packages folder, where a test adds what differs."""
    venv.EnvBuilder(with_pip=False, symlinks=True).create(target)
    paths = {"base": str(target), "platbase": str(target)}
    site_packages = Path(sysconfig.get_path("purelib", scheme="venv", vars=paths))
    # Processed after the environment's own site-packages, so what is there comes first.
    ours = sysconfig.get_path("purelib")
    (site_packages / "project_venv.pth").write_text(
        f"import site; site.addsitedir({ours!r})\n", encoding="utf-8"
    )
    return site_packages


def copy_project(target: Path) -> Path:
    """A copy of the site's sources, to add posts to without touching the repo."""
    for name in ("docs", "overrides", "hooks", "coachsite", "contact"):
        if not (REPO / name).exists():
            continue
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def copy_make_files(project: Path) -> None:
    """The Makefile and what its venv target depends on, with their times, so that `make` in
    the copy (with VENV pointing at ours) finds the venv up to date and reuses it."""
    for name in (
        "Makefile",
        "pyproject.toml",
        "requirements.txt",
        "requirements-dev.txt",
        "contact/requirements.txt",
    ):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, project / name)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with the production command."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, one per test session: Playwright's sync API allows one at a time."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(f"Debian's Chromium is needed at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
