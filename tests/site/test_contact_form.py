"""The site's contact form and the endpoint's page for a form with errors are one form.

Both render contact/form.py: the site through overrides/partials/contact-form.html, the
endpoint through contact/pages.py. Read back from the real build and from the endpoint's page,
every control must carry the same name, type, limits and label, and the texts around them must
be the same, so a prospect who sends without JavaScript and gets the form back sees the form
she filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from contact import form, pages


@dataclass
class FormReading(HTMLParser):
    """The controls of the first <form> of a page, the text of each label and the buttons."""

    controls: dict[str, dict[str, str | None]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    buttons: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    marker: str | None = None  # an attribute the wanted <form> has (the site has a search form)
    _state: str = "before"
    _label: str | None = None
    _button: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and self._state == "before" and (not self.marker or self.marker in values):
            self._state = "in"
        if self._state != "in":
            return
        if tag in ("input", "textarea", "select") and values.get("name"):
            kind = "textarea" if tag == "textarea" else values.get("type") or "text"
            self.controls[values["name"] or ""] = {
                "kind": kind,
                "required": "yes" if "required" in values else "no",
                **{name: values.get(name) for name in ("autocomplete", "maxlength", "id")},
            }
        elif tag == "label":
            self._label = values.get("for")
            self.labels[self._label or ""] = ""
        elif tag == "button":
            self._button = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._state == "in":
            self._state = "after"
        elif tag == "label":
            self._label = None
        elif tag == "button" and self._button is not None:
            self.buttons.append(" ".join("".join(self._button).split()))
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._state != "in":
            return
        if self._label is not None:
            self.labels[self._label] += data
        if self._button is not None:
            self._button.append(data)
        self.text.append(data)


def read(html: str, marker: str | None = None) -> FormReading:
    reading = FormReading(marker=marker)
    reading.feed(html)
    reading.close()
    assert reading._state == "after", "no complete <form> on the page"
    reading.labels = {key: " ".join(text.split()) for key, text in reading.labels.items()}
    return reading


def site_form(site: Path) -> FormReading:
    return read((site / "gesprek" / "index.html").read_text(encoding="utf-8"), "data-contact-form")


def endpoint_page() -> str:
    return pages.invalid_form_page(
        {"email": "Vul een geldig e-mailadres in."},
        {"name": "Anna", "email": "anna@", "message": "Hallo", "consent": "on"},
        action="/api/contact",
        back_url="/gesprek/",
        privacy_url="/privacy/",
        fallback_email="coach@voorbeeld.nl",
    )


def expected() -> dict[str, dict[str, str | None]]:
    controls: dict[str, dict[str, str | None]] = {}
    for spec in form.FIELDS:
        controls[spec.name] = {
            "kind": spec.kind,
            "required": "yes" if spec.required else "no",
            "autocomplete": spec.autocomplete or None,
            "maxlength": str(spec.maxlength) if spec.maxlength else None,
            "id": spec.name,
        }
    controls[form.CONSENT] = {
        "kind": "checkbox",
        "required": "yes",
        "autocomplete": None,
        "maxlength": None,
        "id": form.CONSENT,
    }
    controls[form.TRAP] = {
        "kind": "text",
        "required": "no",
        "autocomplete": "off",
        "maxlength": None,
        "id": form.TRAP,
    }
    return controls


def test_both_forms_have_the_controls_of_the_description(built_site: Path) -> None:
    site = site_form(built_site)
    endpoint = read(endpoint_page())
    assert site.controls == expected()
    assert endpoint.controls == expected()


def test_both_forms_label_and_name_everything_alike(built_site: Path) -> None:
    site = site_form(built_site)
    endpoint = read(endpoint_page())
    assert site.labels == endpoint.labels
    for spec in form.FIELDS:
        assert site.labels[spec.name] == form.label_text(spec)
    consent = f"{form.CONSENT_TEXT} {form.CONSENT_LINK}."
    assert site.labels[form.CONSENT] == consent
    assert site.buttons == endpoint.buttons == [form.SUBMIT]
    for reading in (site, endpoint):
        text = " ".join(" ".join(reading.text).split())
        for spec in form.FIELDS:
            if spec.hint:
                assert spec.hint in text
    # The way out by mail stands under both forms (the endpoint's below its form).
    site_page = (built_site / "gesprek" / "index.html").read_text(encoding="utf-8")
    assert form.MAIL_INSTEAD in " ".join(site_page.split())
    assert form.MAIL_INSTEAD in " ".join(endpoint_page().split())
