"""The build's own cache: `.cache/` beside mkdocs.yml, images drawn or converted once.

hooks/seo.py keeps share images in `.cache/share-images`, hooks/post_images.py WebP copies in
`.cache/post-images`, each under a name made from everything that shapes the file, so a file
found there is right. Netlify keeps both folders from one deploy to the next
(netlify/plugins/keep-cache); without pruning, the images of every renamed post and every
retitled card would pile up there for good. So a finished `mkdocs build` on Netlify removes
the files it did not use. Only there: Netlify runs one build at a time, while on a work tree
`make serve`, `make build` and the tests may build at once, and one build's pruning could take
a file another is about to copy. Locally `make clean` empties the cache.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

# A file another build is writing at this moment (see share_image._save and post_images._write).
PARTIAL = ".part"


def prune_here(command: str) -> bool:
    """Whether this MkDocs run removes what it did not use: a build in Netlify's build system,
    which sets NETLIFY=true (its own documented variable)."""
    return command == "build" and os.environ.get("NETLIFY") == "true"


def keep_only(folder: Path, used: Collection[Path]) -> int:
    """Remove every file in `folder` that is not in `used`; return how many went."""
    if not folder.is_dir():
        return 0
    keep = {path.name for path in used if path.parent == folder}
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in keep and path.suffix != PARTIAL:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
