"""The site's own slug: lowercase ASCII words joined by hyphens.

Used for the file name and `slug:` of a new post (`make post`), for the slug the check proposes,
and for the anchors of the tag list. Where Material makes a URL itself (a post without `slug:`,
a category) the check follows Material's own slug function instead (frontmatter/urls.py), and
heading anchors follow the toc extension's (frontmatter/bodies.py): those must be what
Material and Python-Markdown produce, not ours.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not take apart into a base letter and an accent.
_SPELLED_OUT = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o"})


def ascii_slug(text: str) -> str:
    """'Één stap' -> 'een-stap'; 'Zelf-leiderschap & moed' -> 'zelf-leiderschap-moed'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))
