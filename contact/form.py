"""The contact form as data: the one description of what the prospect fills in.

Two places render it, each in its own markup: the site's form on the contact page
(overrides/partials/contact-form.html, which gets this module from hooks/contact_form.py) and
the endpoint's own page for a form with errors, sent without JavaScript (contact/pages.py,
`invalid_form_page`). Labels, hints, input types, autocomplete names, which fields are required,
their maximum lengths (those the endpoint enforces, contact/submission.py), the consent
sentence, the bot trap and the button are written here only, so the two cannot drift apart.
tests/site/test_contact_form.py compares both renderings with this description.
"""

from __future__ import annotations

from contact.submission import HONEYPOT, MAX_LENGTH


class Field:
    """One field the prospect fills in. A plain class: `dataclasses` would cost the function's
    cold start some 7 ms (it imports `inspect`)."""

    __slots__ = ("autocomplete", "hint", "kind", "label", "name", "required", "rows")

    def __init__(
        self,
        name: str,
        label: str,
        kind: str,  # an <input> type, or "textarea"
        *,
        autocomplete: str = "",
        required: bool = True,
        hint: str = "",
        rows: int = 0,  # a textarea's height in lines
    ) -> None:
        self.name = name
        self.label = label
        self.kind = kind
        self.autocomplete = autocomplete
        self.required = required
        self.hint = hint
        self.rows = rows

    def __repr__(self) -> str:
        return f"Field({self.name!r})"

    @property
    def maxlength(self) -> int | None:
        return MAX_LENGTH.get(self.name)

    @property
    def is_textarea(self) -> bool:
        return self.kind == "textarea"


OPTIONAL = "(niet verplicht)"
FIELDS = (
    Field("name", "Naam", "text", autocomplete="name"),
    Field("email", "E-mailadres", "email", autocomplete="email"),
    Field(
        "phone",
        "Telefoonnummer",
        "tel",
        autocomplete="tel",
        required=False,
        hint="Alleen als je liever gebeld wordt.",
    ),
    Field(
        "message",
        "Je bericht",
        "textarea",
        hint="Vertel in een paar zinnen waar je tegenaan loopt of wat je wilt bereiken.",
        rows=8,
    ),
)
CONSENT = "consent"
# The consent sentence ends in a link to the privacy statement: text before it, the link's text.
CONSENT_TEXT = (
    "Ik geef toestemming om mijn gegevens te gebruiken om contact met mij op te nemen, "
    "zoals beschreven in de"
)
CONSENT_LINK = "privacyverklaring"
TRAP = HONEYPOT  # left empty by people, who never see it; bots fill it in
TRAP_LABEL = "Laat dit veld leeg"
SUBMIT = "Verstuur je aanvraag"
MAIL_INSTEAD = "Lukt het versturen niet? Mail dan naar"


def label_text(field: Field) -> str:
    """The label as read aloud and shown: "Telefoonnummer (niet verplicht)"."""
    return field.label if field.required else f"{field.label} {OPTIONAL}"
