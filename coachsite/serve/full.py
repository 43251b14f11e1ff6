"""Step 3 of the preview: a complete build in a second process, then only what differs is copied.

The build is the one `mkdocs serve` makes (drafts included, the dev server's address as the
site URL), run by `python -m coachsite.serve.full` into a shadow folder, so that it uses the
other core and never stops the first two steps. A newer save stops it (`Rebuild.cancel`) and the
server starts it again once the saves stop. When it succeeds, `sync` copies each file whose bytes
differ into the served folder (a rename, so a reader never gets half a file) and removes what
the build no longer makes.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Files whose change needs no reload of the page in the browser.
_QUIET_SUFFIXES = (".xml", ".gz", ".json", ".txt")


@dataclass
class Synced:
    """What `sync` changed in the served folder."""

    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        """Whether the browser should reload: a page, style, script or image changed."""
        return any(not name.endswith(_QUIET_SUFFIXES) for name in self.changed + self.removed)


def sync(source: Path, target: Path) -> Synced:
    """Make `target` hold exactly the files of `source`, writing only those that differ."""
    synced = Synced()
    wanted: set[str] = set()
    for folder, _dirs, names in os.walk(source):
        for name in names:
            origin = Path(folder) / name
            relative = origin.relative_to(source).as_posix()
            wanted.add(relative)
            destination = target / relative
            if destination.is_file() and filecmp.cmp(origin, destination, shallow=False):
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=destination.parent, prefix=".sync-")
            os.close(fd)
            shutil.copyfile(origin, temporary)
            os.replace(temporary, destination)
            synced.changed.append(relative)
    for folder, _dirs, names in os.walk(target):
        for name in names:
            relative = (Path(folder) / name).relative_to(target).as_posix()
            if relative not in wanted:
                (Path(folder) / name).unlink()
                synced.removed.append(relative)
    return synced


class Rebuild:
    """One background build at a time; `start` stops the one before."""

    def __init__(self, config_file: Path, serve_url: str, shadow: Path) -> None:
        self.config_file = config_file
        self.serve_url = serve_url
        self.shadow = shadow
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> subprocess.Popen[str]:
        self.cancel()
        args = [sys.executable, "-m", "coachsite.serve.full", "-f", str(self.config_file)]
        args += ["--site-dir", str(self.shadow), "--serve-url", self.serve_url]
        process = subprocess.Popen(
            args,
            cwd=self.config_file.parent,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        with self._lock:
            self._process = process
        return process

    def cancel(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def is_current(self, process: subprocess.Popen[str]) -> bool:
        with self._lock:
            return self._process is process


def error_lines(stderr: str) -> list[str]:
    """The lines of a failed build worth showing: from its first error on, MkDocs' prefixes off."""
    lines = stderr.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("ERROR")), None)
    if start is None:
        return [line for line in lines if line.strip()][-5:] or ["de build is mislukt"]
    shown = []
    for line in lines[start:]:
        if line.startswith(("INFO", "WARNING", "DEBUG")) or not line.strip():
            continue
        if line.startswith("Aborted with"):
            break
        shown.append(line.removeprefix("ERROR").strip().removeprefix("-").strip())
    return shown


def build(config_file: Path, site_dir: Path, serve_url: str) -> None:
    """The build `mkdocs serve` makes, into `site_dir`."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = serve_url
    try:
        mkdocs_build(config, serve_url=serve_url)
    finally:
        config.plugins.on_shutdown()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coachsite.serve.full")
    parser.add_argument("-f", "--config-file", type=Path, required=True)
    parser.add_argument("--site-dir", type=Path, required=True)
    parser.add_argument("--serve-url", required=True)
    args = parser.parse_args(argv)
    from mkdocs.__main__ import State
    from mkdocs.exceptions import Abort

    state = State()
    try:
        build(args.config_file, args.site_dir, args.serve_url)
    except Abort as error:
        print(f"ERROR    -  {error}", file=sys.stderr)
        return 1
    finally:
        del state
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
