"""youtube(id, title): a video that loads nothing from another host until the reader clicks.

The page shows a local placeholder image and a plain link to the video on YouTube, which is all
a reader without JavaScript gets. `assets/javascripts/youtube.js` turns a click on it into the
player from youtube-nocookie.com (the one frame source the Content-Security-Policy allows).
Usage, in a page with `render_macros: true`, on a line of its own:

    {{ youtube("dQw4w9WgXcQ", "Titel van de video") }}

The id is the 11 characters after `watch?v=` in the video's address.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coachsite.plugins.posts import content_href
from coachsite.plugins.render import render_partial
from coachsite.plugins.usage import MacroUsageError, checked

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page
    from mkdocs_macros.plugin import MacrosPlugin

VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
PLACEHOLDER = "assets/images/youtube-placeholder.svg"
SCRIPT = "assets/javascripts/youtube.js"


def video_id(value: object) -> str:
    if not isinstance(value, str) or not VIDEO_ID.fullmatch(value):
        raise MacroUsageError(
            f"youtube(): {value!r} is geen YouTube-id; dat zijn de 11 tekens na 'watch?v=' "
            "in het adres van de video"
        )
    return value


def video_title(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MacroUsageError(
            'youtube(): geef de video een titel, bijvoorbeeld youtube("…", "Over feedback")'
        )
    return " ".join(value.split())


class YouTube:
    """The macro, plus the one thing it remembers: whether this page has the script already."""

    def __init__(self, env: MacrosPlugin) -> None:
        self.env = env
        self._page_with_script: Page | None = None

    def __call__(self, id: str, title: str) -> str:
        video, text = video_id(id), video_title(title)
        page = self.env.page
        href = content_href(self.env.conf)
        # Several videos on one page share one script element.
        with_script = self._page_with_script is not page
        self._page_with_script = page
        return render_partial(
            "partials/plugins/youtube.html",
            self.env.conf,
            video=video,
            title=text,
            placeholder=href(PLACEHOLDER),
            script=href(SCRIPT) if with_script else None,
        )


def register(env: MacrosPlugin) -> None:
    macro = YouTube(env)

    def youtube(id: str, title: str) -> str:
        return macro(id, title)

    env.macro(checked(youtube, "youtube"), "youtube")
