"""The build cache keeps what the build used and, on Netlify only, drops the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachsite.cache import keep_only, prune_here


def test_keep_only_removes_what_the_build_did_not_use(tmp_path: Path) -> None:
    folder = tmp_path / "share-images"
    folder.mkdir()
    for name in ("used.png", "old.png", "used.larger", "tmpab12.part"):
        (folder / name).write_bytes(b"x")
    elsewhere = tmp_path / "used-elsewhere.png"
    used = {folder / "used.png", folder / "used.larger", folder / "never-made.png", elsewhere}
    assert keep_only(folder, used) == 1
    # Another build's file being written is left alone.
    assert sorted(p.name for p in folder.iterdir()) == ["tmpab12.part", "used.larger", "used.png"]


def test_keep_only_without_a_cache_does_nothing(tmp_path: Path) -> None:
    assert keep_only(tmp_path / "missing", set()) == 0


@pytest.mark.parametrize(
    ("command", "netlify", "prune"),
    [("build", "true", True), ("build", None, False), ("serve", "true", False)],
)
def test_only_a_build_on_netlify_prunes(
    monkeypatch: pytest.MonkeyPatch, command: str, netlify: str | None, prune: bool
) -> None:
    if netlify is None:
        monkeypatch.delenv("NETLIFY", raising=False)
    else:
        monkeypatch.setenv("NETLIFY", netlify)
    assert prune_here(command) is prune
