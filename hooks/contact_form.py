"""Give the templates the contact form's description (contact/form.py) as `contact_form`.

The site's form (overrides/partials/contact-form.html) and the endpoint's own page for a form
with errors render the same fields, texts and limits from that one module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from contact import form

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["contact_form"] = form
    return env
