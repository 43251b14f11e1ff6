"""The endpoint's own Dutch answers: small self-contained HTML pages and their JSON twins.

The pages load nothing (no stylesheet, no script, no image) so they satisfy the
endpoint's `default-src 'none'` policy; every value is escaped. The 422 page
shows the form again with what the prospect typed, so nothing is lost without
JavaScript either.
"""

from __future__ import annotations

from contact import form
from contact.submission import FORM_ERROR


def E(value: str) -> str:
    """HTML-escape; `html` is imported on first use (its entity table is large)."""
    import html

    return html.escape(value)


TEXT = {
    403: "Dit formulier kan alleen vanaf de eigen website worden verstuurd.",
    405: "Deze manier van versturen wordt niet ondersteund. Gebruik het formulier op de website.",
    413: "Je bericht is te groot om te versturen. Maak het korter en probeer het opnieuw.",
    415: "Dit formaat wordt niet ondersteund. Gebruik het formulier op de website.",
    422: "Controleer de gemarkeerde velden en verstuur het formulier opnieuw.",
    503: (
        "Je bericht kon door een storing niet worden verstuurd. Er is niets verloren: "
        "stuur het per e-mail, dan komt het op dezelfde plek aan."
    ),
    200: "Bedankt! Je bericht is verstuurd.",
}
FALLBACK_LEAD = "Je kunt je bericht ook meteen per e-mail sturen:"
TITLE = {
    403: "Niet toegestaan",
    405: "Methode niet toegestaan",
    413: "Bericht te groot",
    415: "Formaat niet ondersteund",
    422: "Controleer het formulier",
    429: "Even geduld",
    503: "Versturen lukt nu niet",
}


def rate_limited_text(seconds: float) -> str:
    minutes = max(1, -(-int(seconds) // 60))
    unit = "minuut" if minutes == 1 else "minuten"
    return f"Je hebt het formulier te vaak verstuurd. Probeer het over {minutes} {unit} opnieuw."


def mailto_link(email: str, fields: dict[str, str]) -> str:
    """A `mailto:` with the prospect's own text, so a failure never costs them their words."""
    from urllib.parse import quote

    body_lines = [fields.get("message", "").strip(), ""]
    if fields.get("name", "").strip():
        body_lines.append(fields["name"].strip())
    if fields.get("phone", "").strip():
        body_lines.append(fields["phone"].strip())
    subject = "Aanvraag vrijblijvend gesprek"
    # Browsers send a textarea's line breaks as CRLF; a mail body wants CRLF once.
    text = "\n".join(body_lines).replace("\r\n", "\n").replace("\r", "\n").strip()
    body = text.replace("\n", "\r\n")
    return f"mailto:{email}?subject={quote(subject)}&body={quote(body, safe='')}"


def _page(title: str, body: str, back_url: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{E(title)}</title>\n</head>\n<body>\n<main>\n<h1>{E(title)}</h1>\n{body}\n"
        f'<p><a href="{E(back_url)}">Terug naar het formulier</a></p>\n</main>\n</body>\n</html>\n'
    )


def fallback_block(email: str, fields: dict[str, str], lead: str = FALLBACK_LEAD) -> str:
    """The way out on every refusal: a prefilled mailto, the address, their text to copy."""
    link = mailto_link(email, fields)
    message = fields.get("message", "")
    body = (
        f"<p>{E(lead)} "
        f'<a href="{E(link)}">Open je e-mailprogramma met je bericht</a> of mail naar '
        f'<a href="mailto:{E(email)}">{E(email)}</a>.</p>\n'
    )
    if message.strip():
        body += (
            '<p><label for="kopie">Je bericht, om te kopiëren:</label></p>\n'
            f'<p><textarea id="kopie" rows="8" cols="60" readonly>{E(message)}</textarea></p>\n'
        )
    return body


def message_page(
    status: int, text: str, back_url: str, email: str, fields: dict[str, str] | None = None
) -> str:
    """A refusal (403, 405, 413, 415, 429): what happened, and how to reach the coach anyway."""
    body = f"<p>{E(text)}</p>\n" + fallback_block(email, fields or {})
    return _page(TITLE.get(status, "Melding"), body, back_url)


def failure_page(email: str, fields: dict[str, str], back_url: str) -> str:
    """503: the coach's address, a prefilled mailto link and the prospect's text to copy."""
    body = f"<p>{E(TEXT[503])}</p>\n" + fallback_block(email, fields, lead="")
    return _page(TITLE[503], body, back_url)


def invalid_form_page(
    errors: dict[str, str],
    fields: dict[str, str],
    *,
    action: str,
    back_url: str,
    privacy_url: str,
    fallback_email: str,
) -> str:
    """422 without JavaScript: the errors as a list of links, then the form, filled in again."""
    items = []
    for field, text in errors.items():
        target = "consent" if field == "consent" else field
        if field == FORM_ERROR:
            items.append(f"<li>{E(text)}</li>")
        else:
            items.append(f'<li><a href="#{E(target)}">{E(text)}</a></li>')
    summary = (
        f'<div role="alert">\n<p>{E(TEXT[422])}</p>\n<ul>\n' + "\n".join(items) + "\n</ul>\n</div>"
    )

    def described(field: str, hint: str = "") -> str:
        ids = ([f"{field}-hint"] if hint else []) + ([f"{field}-fout"] if field in errors else [])
        invalid = ' aria-invalid="true"' if field in errors else ""
        return invalid + (f' aria-describedby="{" ".join(ids)}"' if ids else "")

    def error(field: str) -> str:
        if field not in errors:
            return ""
        return f'<p id="{field}-fout"><strong>{E(errors[field])}</strong></p>\n'

    # The same fields, texts and limits as the site's form: contact/form.py.
    parts = [f'<form method="post" action="{E(action)}" novalidate>']
    for spec in form.FIELDS:
        name = spec.name
        value = E(fields.get(name, ""))
        attributes = f' id="{name}" name="{name}"'
        if not spec.is_textarea:
            attributes += f' type="{spec.kind}" value="{value}"'
        if spec.autocomplete:
            attributes += f' autocomplete="{spec.autocomplete}"'
        if spec.maxlength:
            attributes += f' maxlength="{spec.maxlength}"'
        if spec.required:
            attributes += " required"
        attributes += described(name, spec.hint)
        if spec.is_textarea:
            control = f'<textarea{attributes} rows="{spec.rows}" cols="60">{value}</textarea>'
        else:
            control = f"<input{attributes}>"
        hint = f'<br>\n<small id="{name}-hint">{E(spec.hint)}</small>' if spec.hint else ""
        parts.append(
            f'<p><label for="{name}">{E(form.label_text(spec))}</label><br>\n{control}{hint}</p>\n'
            f"{error(name)}"
        )
    consent = form.CONSENT
    checked = " checked" if fields.get(consent, "").strip().lower() in ("on", "1", "true") else ""
    parts.append(
        f'<p><input id="{consent}" name="{consent}" type="checkbox" value="on" required{checked}'
        f'{described(consent)}>\n<label for="{consent}">{E(form.CONSENT_TEXT)} '
        f'<a href="{E(privacy_url)}">{E(form.CONSENT_LINK)}</a>.</label></p>\n{error(consent)}'
    )
    trap = form.TRAP
    parts.append(
        f'<div hidden><label for="{trap}">{E(form.TRAP_LABEL)}</label>'
        f'<input id="{trap}" name="{trap}" type="text" tabindex="-1" autocomplete="off"></div>'
    )
    parts.append(f'<p><button type="submit">{E(form.SUBMIT)}</button></p>\n</form>')
    parts.append(
        f'<p>{E(form.MAIL_INSTEAD)} <a href="{E(mailto_link(fallback_email, fields))}">'
        f"{E(fallback_email)}</a>.</p>"
    )
    return _page(TITLE[422], summary + "\n" + "\n".join(parts), back_url)


def json_body(data: dict[str, object]) -> bytes:
    import json

    return json.dumps(data, ensure_ascii=False).encode("utf-8")
