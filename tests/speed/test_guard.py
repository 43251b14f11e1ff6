"""The version guard: each patch on only with the releases it was proven on, else off and said."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from importlib.metadata import version

import pytest

from coachsite import speed
from coachsite.speed import guard
from coachsite.speed.guard import Patch, switch_on_fitting
from tests.conftest import REPO, build_env


def locked_versions() -> dict[str, str]:
    """The versions requirements.txt pins (what Netlify installs), by normalised name."""
    text = (REPO / "requirements.txt").read_text(encoding="utf-8")
    return {
        re.sub(r"[-_.]+", "-", name).lower(): pinned
        for name, pinned in re.findall(r"^([A-Za-z0-9_.-]+)==([^ \\\n]+)", text, flags=re.M)
    }


def test_patches_are_proven_on_the_locked_releases() -> None:
    """After `make lock` upgrades one of them: run tests/speed, then update PROVEN_ON."""
    locked = locked_versions()
    for patch in speed.PATCHES:
        for distribution, proven in patch.proven_on.items():
            assert locked.get(distribution) == proven, (
                f"speed patch {patch.number} ({patch.name}) is proven on {distribution} "
                f"{proven}, requirements.txt locks {locked.get(distribution)}: with that "
                "installed, set PROVEN_ON to it and run tests/speed"
            )


def test_every_patch_fits_the_installed_releases() -> None:
    """Else tests/speed would compare builds without the patches and prove nothing."""
    assert {patch.number: patch.unfit() for patch in speed.PATCHES} == {
        str(number): None for number in range(1, 7)
    }


@pytest.fixture(autouse=True)
def fresh_process() -> None:
    """Each test as a new process, which has said nothing yet."""
    guard._said.clear()


class Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def patch(self, proven_on: dict[str, str], error: Exception | None = None) -> Patch:
        return Patch(
            "9",
            "a test patch",
            proven_on,
            error,
            install=lambda: self.calls.append("install"),
            uninstall=lambda: self.calls.append("uninstall"),
        )


@pytest.mark.parametrize(("strict", "level"), [(False, "WARNING"), (True, "INFO")])
def test_patch_for_another_release_stays_off_in_one_line(
    caplog: pytest.LogCaptureFixture, strict: bool, level: str
) -> None:
    """A warning would abort `mkdocs build --strict`: there the line is information."""
    recorder = Recorder()
    patch = recorder.patch({"markdown": "3.0.1", "jinja2": version("jinja2")})
    with caplog.at_level(logging.DEBUG, logger="mkdocs.hooks.speed"):
        assert switch_on_fitting((patch,), strict=strict) == [patch]
    assert recorder.calls == []
    assert not patch.active
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "mkdocs.hooks.speed",
            level,
            f"Speed patch 9 (a test patch) is off: proven on markdown 3.0.1, this build has "
            f"markdown {version('markdown')}; the build is slower, the site the same",
        )
    ]


def test_a_rebuild_in_the_same_process_says_it_once(caplog: pytest.LogCaptureFixture) -> None:
    """`mkdocs serve` runs on_config on every rebuild: the line is not repeated each time."""
    patch = Recorder().patch({"markdown": "3.0.1"})
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.speed"):
        for _ in range(3):
            assert switch_on_fitting((patch,), strict=False) == [patch]
    assert len(caplog.messages) == 1
    assert not patch.active


def test_every_release_that_differs_is_named(caplog: pytest.LogCaptureFixture) -> None:
    patch = Recorder().patch({"markdown": "3.0.1", "no-such-distribution": "1.0"})
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.speed"):
        switch_on_fitting((patch,), strict=False)
    assert caplog.messages == [
        "Speed patch 9 (a test patch) is off: proven on markdown 3.0.1 and "
        f"no-such-distribution 1.0, this build has markdown {version('markdown')} and no "
        "no-such-distribution; the build is slower, the site the same"
    ]


def test_patch_that_cannot_import_what_it_replaces_stays_off(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder()
    patch = recorder.patch({"markdown": version("markdown")}, ImportError("gone"))
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.speed"):
        assert switch_on_fitting((patch,), strict=False) == [patch]
    assert recorder.calls == []
    assert caplog.messages == [
        "Speed patch 9 (a test patch) is off: what it replaces cannot be found (gone); "
        "the build is slower, the site the same"
    ]


def test_patch_for_the_proven_releases_is_installed_silently(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder()
    patch = recorder.patch({"markdown": version("markdown"), "mkdocs": version("mkdocs")})
    with caplog.at_level(logging.DEBUG, logger="mkdocs.hooks.speed"):
        assert switch_on_fitting((patch,), strict=False) == []
    assert patch.active
    patch.switch_off()
    assert recorder.calls == ["install", "uninstall"]
    assert caplog.messages == []


# Run in a fresh interpreter: releases without the private names the patches use.
WITHOUT_PRIVATE_NAMES = """\
import json, logging, sys
import markdown.serializers, material.plugins.blog.structure
del markdown.serializers._escape_attrib_html
del material.plugins.blog.structure.SafeLoader
sys.modules["material.plugins.blog.plugin"] = None
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
from coachsite import speed
off = [patch.number for patch in speed.install(strict=False)]
print(json.dumps({"off": off, "on": [p.number for p in speed.PATCHES if p.active]}))
"""


def test_patch_modules_import_without_the_private_names_they_use() -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_PRIVATE_NAMES],
        cwd=REPO,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"off": ["1", "3", "4", "5"], "on": ["2", "6"]}
    serializers = sys.modules["markdown.serializers"].__file__
    halted = "import of material.plugins.blog.plugin halted; None in sys.modules"
    slower = "the build is slower, the site the same"
    assert result.stderr.splitlines() == [
        "WARNING Speed patch 1 (posts found by identity) is off: what it replaces cannot be "
        f"found ({halted}); {slower}",
        "WARNING Speed patch 3 (excerpts converted once) is off: what it replaces cannot be "
        "found (cannot import name '_escape_attrib_html' from 'markdown.serializers' "
        f"({serializers})); {slower}",
        "WARNING Speed patch 4 (frontmatter read by libyaml) is off: what it replaces cannot be "
        "found (module 'material.plugins.blog.structure' has no attribute 'SafeLoader'); "
        f"{slower}",
        "WARNING Speed patch 5 (navigation, tabs and header rendered once) is off: what it "
        f"replaces cannot be found ({halted}); {slower}",
    ]
