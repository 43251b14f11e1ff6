"""With another release installed, the patches it concerns stay off and the site is the same.

Each case is a virtual environment whose own site-packages hold one other release of a package
the patches reach into, and whose .pth file appends the project's .venv behind it, so that
everything else is what the site is built with. Its interpreter builds the example site with
`mkdocs build --strict`, as Netlify does, with the speed hook and without: both builds succeed,
give the same files, and the log names each patch left off, as information (a warning would
abort a strict build). The wheels are downloaded once into .cache/speed-wheels (PyPI needed).
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from coachsite import speed
from tests.conftest import REPO, build_env, venv_over_ours
from tests.speed.example import write_example
from tests.speed.test_identical_output import Builds, build_both, differing_files

# Kept between runs; git ignores .cache/.
WHEELS = REPO / ".cache" / "speed-wheels"


@dataclass(frozen=True)
class Release:
    distribution: str
    version: str
    off: tuple[str, ...]  # the patches proven on another release of it

    def __str__(self) -> str:
        return f"{self.distribution}=={self.version}"


RELEASES = [
    # The previous minor release (pymdown-extensions 13.1.2 needs 3.10.3 at least).
    Release("markdown", "3.10.3", off=("3", "6")),
    # The next release, as an upgrade would bring it.
    Release("mkdocs-material", "9.8.2", off=("1", "3", "4", "5")),
]

# The statistics each patch feeds (see hooks/speed.py): nothing when the patch is off.
COUNTERS = {
    "3": ("Excerpts", "Excerpt Markdown instances"),
    "5": ("Navigation", "Tabs", "Header"),
    "6": ("Markdown instances",),
}


def wheel(release: Release) -> Path:
    """The release's wheel, downloaded from the package index the first time."""
    prefix = f"{re.sub(r'[-_.]+', '_', release.distribution)}-{release.version}-".lower()
    found = [p for p in WHEELS.glob("*.whl") if p.name.lower().startswith(prefix)]
    if found:
        return found[0]
    args = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    args += ["--disable-pip-version-check", "--dest", str(WHEELS), str(release)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    found = [p for p in WHEELS.glob("*.whl") if p.name.lower().startswith(prefix)]
    if result.returncode != 0 or not found:
        pytest.fail(
            f"could not download {release} from the package index, which this test needs "
            f"(pip exit code {result.returncode}):\n{result.stderr[-2000:]}",
            pytrace=False,
        )
    return found[0]


def interpreter_with(release: Release, target: Path) -> Path:
    """A Python whose site-packages hold `release`, then everything of the project's .venv."""
    site_packages = venv_over_ours(target)
    # --target installs into that folder only: nothing of the .venv is uninstalled or changed.
    args = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet"]
    args += ["--disable-pip-version-check", "--target", str(site_packages), str(wheel(release))]
    installed = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    python = target / "bin" / "python"
    check = f"import importlib.metadata as m; print(m.version({release.distribution!r}))"
    seen = subprocess.run(
        [python, "-c", check], env=build_env(), capture_output=True, text=True, check=True
    )
    assert seen.stdout.strip() == release.version
    return python


@dataclass(frozen=True)
class Case:
    release: Release
    builds: Builds


@pytest.fixture(scope="module", params=RELEASES, ids=str)
def other(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Case:
    release: Release = request.param
    out = tmp_path_factory.mktemp(f"speed-{release.distribution}")
    python = interpreter_with(release, out / "venv")
    return Case(release, build_both(write_example(out / "example"), out, python))


def test_site_is_the_same_with_the_patches_off(other: Case) -> None:
    files, different = differing_files(other.builds.fast, other.builds.plain)
    assert files > 100
    assert different == []


def test_log_names_each_patch_left_off(other: Case) -> None:
    release = other.release
    concerned = [p.number for p in speed.PATCHES if release.distribution in p.proven_on]
    assert concerned == list(release.off)
    lines = [line for line in other.builds.log.splitlines() if "Speed patch" in line]
    assert lines == [
        f"INFO    -  Speed patch {patch.number} ({patch.name}) is off: proven on "
        f"{release.distribution} {patch.proven_on[release.distribution]}, this build has "
        f"{release.distribution} {release.version}; the build is slower, the site the same"
        for patch in speed.PATCHES
        if patch.number in release.off
    ]


def test_patches_off_are_not_installed_and_the_others_work(other: Case) -> None:
    counts = other.builds.counts
    for number, counters in COUNTERS.items():
        for counter in counters:
            made, reused = counts[counter]
            if number in other.release.off:
                assert (made, reused) == (0, 0), counter
            else:
                assert reused > 0, counter
