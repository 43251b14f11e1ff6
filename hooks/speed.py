"""Build the blog in time linear in its number of posts; see coachsite/speed/ for why and how.

Each patch is on only with the releases of MkDocs, Material and the rest it was proven on;
else it stays off and the build log says so in one line (coachsite/speed/guard.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from coachsite import speed
from coachsite.speed import identity, navigation

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def on_config(config: MkDocsConfig) -> None:
    # Under --strict (Netlify) a patch left off is logged as information, not as a warning
    # that would abort the build: it makes the build slower, never different.
    speed.install(strict=config.strict)
    speed.reset_stats()


# After the blog plugin's own on_files (priority -50), which builds the list of posts.
@event_priority(-100)
def on_files(files: Files, config: MkDocsConfig) -> None:
    if identity.PATCH.active:
        identity.index_blog_posts(config.plugins)


# After every other on_env, so that the `url` filter the cache records is the final one.
@event_priority(-100)
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    if navigation.PATCH.active:
        navigation.NavCache.install(env)
        navigation.TabsCache.install(env)
        navigation.HeaderCache.install(env)
        navigation.memoize_date_filter(env)
    return env


def on_post_build(config: MkDocsConfig) -> None:
    stats = speed.stats
    speed.log.debug("Excerpts: %d converted, %d reused", stats["converted"], stats["reused"])
    speed.log.debug(
        "Navigation: %d rendered, %d reused", stats["nav rendered"], stats["nav reused"]
    )
    speed.log.debug("Tabs: %d rendered, %d reused", stats["tabs rendered"], stats["tabs reused"])
    speed.log.debug(
        "Header: %d rendered, %d reused", stats["header rendered"], stats["header reused"]
    )
    speed.log.debug(
        "Markdown instances: %d made, %d reused", stats["markdown made"], stats["markdown reused"]
    )
    speed.log.debug(
        "Excerpt Markdown instances: %d made, %d reused",
        stats["excerpt markdown made"],
        stats["excerpt markdown shared"],
    )
