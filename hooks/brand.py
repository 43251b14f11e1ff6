"""Write the colours of mkdocs.yml `extra.brand` as a stylesheet every page loads first.

See coachsite/brand.py. The stylesheet is a generated file of the build, not a file in docs/:
the colours live in mkdocs.yml only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from coachsite.brand import Brand, BrandError, stylesheet

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

BRAND_CSS = "assets/stylesheets/brand.css"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        Brand.from_settings(config.extra.get("brand"))
    except BrandError as error:
        raise PluginError(f"mkdocs.yml: {error}") from None
    if BRAND_CSS not in config.extra_css:
        config.extra_css.insert(0, BRAND_CSS)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    brand = Brand.from_settings(config.extra.get("brand"))
    files.append(File.generated(config, BRAND_CSS, content=stylesheet(brand)))
    return files
