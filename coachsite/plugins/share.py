"""share_links(): share the page on LinkedIn, via WhatsApp or by e-mail, as plain links.

No scripts, no buttons loaded from those services, no counters: a page makes no request to
another host, and nothing happens until the reader follows a link. The footer under every post
shows them; in any page with `render_macros: true`:

    {{ share_links() }}

The links carry the page's canonical address (from `site_url`, which Netlify sets); without a
site address there is nothing to share and nothing is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from coachsite.plugins.posts import current_post
from coachsite.plugins.render import render_partial
from coachsite.plugins.usage import checked

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page
    from mkdocs_macros.plugin import MacrosPlugin


@dataclass(frozen=True)
class ShareLink:
    service: str
    label: str
    href: str


def share_links_for(title: str, url: str) -> list[ShareLink]:
    """The three links for a page called `title` at the absolute address `url`."""
    text = f"{title} {url}"
    return [
        ShareLink(
            "linkedin",
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?url={quote(url, safe='')}",
        ),
        ShareLink("whatsapp", "WhatsApp", f"https://wa.me/?text={quote(text, safe='')}"),
        ShareLink(
            "email",
            "E-mail",
            f"mailto:?subject={quote(title, safe='')}&body={quote(url, safe='')}",
        ),
    ]


def page_share_links(page: Page) -> list[ShareLink]:
    if not page.canonical_url:
        return []
    return share_links_for(str(page.title or ""), page.canonical_url)


def heading(page: Page) -> str:
    return "Deel dit bericht" if current_post(page) else "Deel deze pagina"


def register(env: MacrosPlugin) -> None:
    def share_links() -> str:
        links = page_share_links(env.page)
        return render_partial(
            "partials/plugins/share-links.html", env.conf, links=links, heading=heading(env.page)
        )

    env.macro(checked(share_links, "share_links"), "share_links")
