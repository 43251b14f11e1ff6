"""Build the blog in time linear in its number of posts; see coachsite/speed.py for why and how."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from coachsite import speed

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def on_config(config: MkDocsConfig) -> None:
    speed.install()
    speed.reset_stats()


# After the blog plugin's own on_files (priority -50), which builds the list of posts.
@event_priority(-100)
def on_files(files: Files, config: MkDocsConfig) -> None:
    speed.index_blog_posts(config.plugins)


# After every other on_env, so that the `url` filter the cache records is the final one.
@event_priority(-100)
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    speed.NavCache.install(env)
    speed.TabsCache.install(env)
    speed.HeaderCache.install(env)
    speed.memoize_date_filter(env)
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
