"""Write Netlify's `_headers`: a CSP listing each inline script's hash, cache rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coachsite.csp import FINGERPRINTED, inline_script_hashes, netlify_headers

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

_hashes: set[str] = set()


def on_pre_build(config: MkDocsConfig) -> None:
    _hashes.clear()


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _hashes.update(inline_script_hashes(output))
    return output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    _hashes.update(inline_script_hashes(output_content))
    return output_content


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    assets = site / "assets"
    fingerprinted = [
        "/" + path.relative_to(site).as_posix()
        for path in assets.rglob("*")
        if FINGERPRINTED.search(path.name)
    ]
    (site / "_headers").write_text(netlify_headers(_hashes, fingerprinted), encoding="utf-8")
