"""`make import`: bring a coach's existing blog over, with its old links still working.

Reads a WordPress export (WXR), an RSS/Atom feed file or a Jekyll/Hugo posts folder
(`sources.py`), converts every body into clean Markdown (`body.py`), maps categories and
authors through the editable `import-mapping.yml` (`mapping.py`), writes the posts and the
redirect map `redirects.yml` (`posts.py`, `run.py`). A local tool: its packages (defusedxml,
markdownify) are in requirements-dev.in only, and the build never imports it.
"""

from __future__ import annotations

from .run import ImportFailed, ImportResult, run_import
from .sources import MAX_POST_BYTES, MAX_POSTS, MAX_SOURCE_BYTES

__all__ = [
    "MAX_POSTS",
    "MAX_POST_BYTES",
    "MAX_SOURCE_BYTES",
    "ImportFailed",
    "ImportResult",
    "run_import",
]
