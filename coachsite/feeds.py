"""The dates the RSS and JSON feeds give a post: the ones its page shows.

mkdocs-rss-plugin (1.19) reads a post's dates from one frontmatter key, and only when that key
holds a date or a datetime; anything else, or a missing key, silently becomes the build time.
Material's `date:` comes in three forms (a day, a day and time, a `created`/`updated` mapping),
so `as_creation: date` dated the mapping form at build time, and a dotted `date.created` would do
the same to the one-date forms, and `date.updated` to every post never updated. The feed date
then moved with every daily rebuild.

Material has already normalised every form it accepts to aware datetimes (`page.config.date`,
which the page and its JSON-LD show); the feeds get exactly those, under a key of their own that
mkdocs.yml points the plugin to, so page and feed cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

# The page.meta key hooks/feed_dates.py fills; mkdocs.yml's rss `date_from_meta` reads
# `feed_dates.created` and `feed_dates.updated`.
FEED_DATES = "feed_dates"


def feed_dates(dates: Mapping[str, datetime]) -> dict[str, datetime]:
    """Publication and last update of a post, from Material's normalised `date`.

    A post that was never updated last changed when it was published: the update feed dates it
    then, not at the build time.
    """
    created = dates["created"]
    return {"created": created, "updated": dates.get("updated") or created}
