"""The served site: its configuration, its last full build, and the pages made from it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import _serve_url

from coachsite.serve.pages import Pages, Recorder

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.serve.preview")


class ServedSite:
    """The site as `mkdocs serve` builds it: drafts shown, the dev server's address as its URL.

    Every full build reads mkdocs.yml again, as `mkdocs serve` does, and leaves `pages` ready to
    render single pages with what it knew.
    """

    def __init__(self, config_file: Path, site_dir: Path, dev_addr: str) -> None:
        self.config_file = config_file.resolve()
        self.site_dir = site_dir
        self.dev_addr = dev_addr
        self.recorder = Recorder()
        self.config = self._load()
        self.config.plugins.on_startup(command="serve", dirty=False)
        host, port = self.config.dev_addr
        self.host, self.port = host, port
        self.mount_path = urlsplit(self.config.site_url or "/").path
        self.serve_url = _serve_url(host, port, self.mount_path)
        self.pages = Pages(self.config, self.recorder)
        self._fresh = False  # the first build uses the configuration read above

    def _load(self) -> MkDocsConfig:
        config = load_config(
            config_file=str(self.config_file), site_dir=str(self.site_dir), dev_addr=self.dev_addr
        )
        config.plugins["coachsite/serve"] = self.recorder
        return config

    def build(self) -> None:
        """A full build into the served folder, as `mkdocs serve` makes it."""
        if self._fresh:
            self.config = self._load()
        self._fresh = True
        self.config.site_url = self.serve_url
        self.pages.config = self.config
        log.info("Site bouwen…")
        build(self.config, serve_url=self.serve_url)
        self.pages.refresh()

    def watched(self) -> list[Path]:
        """The folders whose changes matter: docs/, the theme overrides, mkdocs.yml's `watch`."""
        folders = [Path(self.config.docs_dir).resolve()]
        folders += [Path(folder).resolve() for folder in self.config.watch]
        if self.config.theme.custom_dir:
            folders.append(Path(self.config.theme.custom_dir).resolve())
        return list(dict.fromkeys(folders))

    def relevant(self, path: Path) -> bool:
        path = path.resolve()
        return path == self.config_file or any(path.is_relative_to(d) for d in self.watched())

    def shutdown(self) -> None:
        self.config.plugins.on_shutdown()
