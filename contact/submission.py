"""Parse a form post and validate it into a `Submission`, with a Dutch message per field.

Single-line fields refuse every control character and line break themselves,
before anything reaches the `email` package: the defence against header
injection must not depend on the Python patch level (3.11 before 3.11.10 let a
trailing newline through `email`'s own check).
"""

from __future__ import annotations

import re
import unicodedata

FIELDS = ("name", "email", "phone", "message", "consent")
HONEYPOT = "website"
CHALLENGE = "altcha"
MAX_FIELDS = 20
MAX_LENGTH = {"name": 100, "email": 254, "phone": 30, "message": 5000}

FORM_ERROR = "_form"
MESSAGES = {
    "name_missing": "Vul je naam in.",
    "name_long": "Je naam mag hooguit 100 tekens lang zijn.",
    "email_missing": "Vul je e-mailadres in.",
    "email_invalid": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
    "email_long": "Je e-mailadres mag hooguit 254 tekens lang zijn.",
    "phone_invalid": (
        "Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678, of laat dit veld leeg."
    ),
    "message_missing": "Schrijf een bericht: waar wil je het over hebben?",
    "message_long": "Je bericht mag hooguit 5000 tekens lang zijn.",
    "message_control": "Je bericht bevat tekens die niet zijn toegestaan.",
    "consent_missing": "Geef toestemming om je gegevens voor dit contact te gebruiken.",
    "malformed": "Het formulier kon niet worden gelezen. Probeer het opnieuw.",
    "challenge": "De controle tegen spam is niet gelukt. Probeer het opnieuw.",
}
SINGLE_LINE_CONTROL = {
    "name": "Je naam mag geen regeleinden of stuurtekens bevatten.",
    "email": "Je e-mailadres mag geen regeleinden of stuurtekens bevatten.",
    "phone": "Je telefoonnummer mag geen regeleinden of stuurtekens bevatten.",
}

_LINK = re.compile(r"https?://|www\.|\[url", re.IGNORECASE)
_PHONE = re.compile(r"\+?[0-9 ()./-]+")
_TRUE = ("on", "1", "true", "yes", "ja")


class UnsupportedMediaType(Exception):
    """The body is neither urlencoded nor JSON (or not UTF-8): 415."""


class MalformedBody(Exception):
    """The body cannot be read as a form at all: 422 with a form-level message."""


class Submission:
    """A valid request for a conversation, normalised and safe to put in an e-mail."""

    __slots__ = ("email", "message", "name", "phone")

    def __init__(self, name: str, email: str, phone: str, message: str) -> None:
        self.name, self.email, self.phone, self.message = name, email, phone, message


def media_type(content_type: str) -> tuple[str, dict[str, str]]:
    """Split `type/subtype; key=value` without importing the `email` package."""
    kind, *params = content_type.split(";")
    parsed = {}
    for param in params:
        key, _, value = param.partition("=")
        parsed[key.strip().lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), parsed


def parse_body(body: bytes, content_type: str) -> dict[str, str]:
    """Decode an urlencoded or JSON body into raw string fields (not yet validated)."""
    kind, params = media_type(content_type)
    if kind not in ("application/x-www-form-urlencoded", "application/json"):
        raise UnsupportedMediaType(kind)
    if params.get("charset", "utf-8") not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(kind)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedBody("body is not UTF-8") from None
    if kind == "application/json":
        return _parse_json(text)
    return _parse_urlencoded(text)


def _parse_urlencoded(text: str) -> dict[str, str]:
    from urllib.parse import parse_qsl

    try:
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=bool(text),
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except (ValueError, UnicodeDecodeError):
        raise MalformedBody("not urlencoded") from None
    fields: dict[str, str] = {}
    for key, value in pairs:
        if key in fields:
            raise MalformedBody("repeated field")
        fields[key] = value
    return fields


def _parse_json(text: str) -> dict[str, str]:
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise MalformedBody("not JSON") from None
    if not isinstance(data, dict) or len(data) > MAX_FIELDS:
        raise MalformedBody("not a JSON object of fields")
    fields: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, bool):
            fields[key] = "on" if value else ""
        elif isinstance(value, str):
            fields[key] = value
        elif value is None:
            continue
        else:
            raise MalformedBody("field values must be strings")
    return fields


def validate(fields: dict[str, str], *, max_links: int) -> tuple[Submission | None, dict[str, str]]:
    """Check every field (not stopping at the first problem) and normalise the values.

    Returns the submission, or None and the Dutch message for each field at fault.
    """
    errors: dict[str, str] = {}
    name = _single_line(fields.get("name", ""), "name", errors)
    email = _single_line(fields.get("email", ""), "email", errors)
    phone = _single_line(fields.get("phone", ""), "phone", errors)
    message = _multi_line(fields.get("message", ""), errors)

    if "name" not in errors:
        if not name:
            errors["name"] = MESSAGES["name_missing"]
        elif len(name) > MAX_LENGTH["name"]:
            errors["name"] = MESSAGES["name_long"]

    if "email" not in errors:
        email = _check_email(email, errors)

    if "phone" not in errors and phone:
        digits = sum(c.isdigit() for c in phone)
        if len(phone) > MAX_LENGTH["phone"] or not _PHONE.fullmatch(phone) or not 6 <= digits <= 15:
            errors["phone"] = MESSAGES["phone_invalid"]

    if "message" not in errors:
        if not message:
            errors["message"] = MESSAGES["message_missing"]
        elif len(message) > MAX_LENGTH["message"]:
            errors["message"] = MESSAGES["message_long"]
        elif len(_LINK.findall(message)) > max_links:
            errors["message"] = (
                "Je bericht mag geen links bevatten."
                if max_links == 0
                else f"Je bericht mag hooguit {max_links} "
                f"{'link' if max_links == 1 else 'links'} bevatten."
            )

    if fields.get("consent", "").strip().lower() not in _TRUE:
        errors["consent"] = MESSAGES["consent_missing"]

    if errors:
        return None, errors
    return Submission(name=name, email=email, phone=phone, message=message), {}


def _is_break_or_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def _single_line(value: str, field: str, errors: dict[str, str]) -> str:
    """Refuse line breaks and control characters; collapse other whitespace (tabs too)."""
    if any(_is_break_or_control(c) and c != "\t" for c in value):
        errors[field] = SINGLE_LINE_CONTROL[field]
        return ""
    return " ".join(unicodedata.normalize("NFC", value).split())


def _multi_line(value: str, errors: dict[str, str]) -> str:
    """Keep line breaks (any style becomes \\n) and tabs; refuse NUL and other controls."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\u2028", "\n").replace("\u2029", "\n\n")
    if any(_is_break_or_control(c) and c not in "\n\t" for c in value):
        errors["message"] = MESSAGES["message_control"]
        return ""
    lines = [line.rstrip() for line in value.split("\n")]
    text = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def _check_email(value: str, errors: dict[str, str]) -> str:
    if not value:
        errors["email"] = MESSAGES["email_missing"]
        return ""
    if len(value) > MAX_LENGTH["email"]:
        errors["email"] = MESSAGES["email_long"]
        return ""
    # Imported here: email-validator pulls in idna and dnspython, which a cold
    # start that only answers a 405 or 429 should not pay for.
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        errors["email"] = MESSAGES["email_invalid"]
        return ""
    return result.ascii_email or result.normalized
