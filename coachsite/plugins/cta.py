"""cta(): the "Plan een vrijblijvend gesprek" block, anywhere in a page.

The texts come from `extra.cta` in mkdocs.yml and the link from `extra.contact.page`; the block
is the same partial (`overrides/partials/cta.html`) that ends every post, so the two never drift
apart. Usage, in a page with `render_macros: true`, on a line of its own:

    {{ cta() }}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachsite.plugins.render import render_partial
from coachsite.plugins.usage import checked

if TYPE_CHECKING:
    from mkdocs_macros.plugin import MacrosPlugin


def register(env: MacrosPlugin) -> None:
    def cta() -> str:
        return render_partial("partials/cta.html", env.conf)

    env.macro(checked(cta, "cta"), "cta")
