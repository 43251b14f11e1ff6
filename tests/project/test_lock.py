"""The lock files: every package the build and the tests install is pinned with its hashes.

`make lock` writes requirements.txt (Netlify's build), contact/requirements.txt (the Lambda
zip) and requirements-dev.txt (tests and tools) from the .in files that we edit by hand. These
tests fail when a lock lacks a hash, has fallen behind its .in file, or disagrees with another
lock; and when a file reaches around the installed package by editing sys.path.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

LOCKS = {
    "requirements.txt": "requirements.in",
    "contact/requirements.txt": "contact/requirements.in",
    "requirements-dev.txt": "requirements-dev.in",
}
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> list[str]:
    """The requirement entries of a pip requirements file, continuation lines joined."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.split(" #", 1)[0].strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith(("#", "-"))]


def pins(path: Path) -> dict[str, str]:
    found = {}
    for entry in requirements(path):
        match = _PIN.match(entry)
        assert match, f"{path.name}: not pinned with ==: {entry}"
        found[normal(match[1])] = match[2]
    return found


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_has_its_hashes(lock: str) -> None:
    entries = requirements(REPO / lock)
    assert len(entries) >= 2
    for entry in entries:
        assert _PIN.match(entry), entry
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"{lock}: no hash for {entry}"


@pytest.mark.parametrize(("lock", "source"), LOCKS.items())
def test_every_hand_written_pin_is_in_its_lock(lock: str, source: str) -> None:
    locked = pins(REPO / lock)
    wanted = {}
    for entry in requirements(REPO / source):
        match = _PIN.match(entry)
        assert match, f"{source}: pin with ==: {entry}"
        wanted[normal(match[1])] = match[2]
    stale = {name: version for name, version in wanted.items() if locked.get(name) != version}
    assert stale == {}, f"{lock} is behind {source}: run make lock"


def test_the_dev_lock_installs_the_same_versions_as_the_build_and_the_function() -> None:
    dev = pins(REPO / "requirements-dev.txt")
    for lock in ("requirements.txt", "contact/requirements.txt"):
        for name, version in pins(REPO / lock).items():
            assert dev.get(name) == version, f"{name}: {lock} {version}, dev {dev.get(name)}"


def test_no_file_of_the_project_edits_sys_path() -> None:
    # The project is installed (pip install -e .); the one exception stands in for AWS
    # Lambda's bootstrap, which puts the unpacked zip on the path.
    allowed = {Path("tests/contact/test_function_zip.py")}
    offenders = []
    for folder in ("coachsite", "contact", "hooks", "bench", "deploy", "tests"):
        for path in sorted((REPO / folder).rglob("*.py")):
            relative = path.relative_to(REPO)
            text = path.read_text(encoding="utf-8")
            if relative not in allowed and re.search(
                r"sys\.path\.(insert|append)|sys\.path\s*=", text
            ):
                offenders.append(str(relative))
    assert offenders == []
