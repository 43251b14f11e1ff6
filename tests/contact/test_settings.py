"""Settings and DSNs: read once, every problem named, no secret ever echoed."""

from __future__ import annotations

import re

import pytest

from coachsite.frontmatter.yamlload import load_tolerant
from contact.delivery import parse_wait
from contact.dsn import DsnError, TransportSpec, parse_mailer_dsn
from contact.settings import (
    ENDPOINT_PATH,
    ConfigError,
    RateLimit,
    Settings,
    SitePath,
    parse_rate_limit,
    site_variables,
)
from tests.conftest import REPO

SECRET = "s3cr3t-T0ken"


def test_defaults_are_a_local_maildir() -> None:
    settings = Settings.from_environ({})
    assert settings.transports == (TransportSpec(kind="maildir", path=".mail"),)
    assert settings.mail_to == "coach@example.invalid"
    assert settings.rate_limit == RateLimit(10, 600)
    assert settings.autoreply is False
    assert settings.challenge_enabled is False


def test_settings_made_by_name_take_the_defaults_of_an_empty_environment() -> None:
    empty = Settings.from_environ({})
    made = Settings(mail_to="coach@voorbeeld.nl")
    for field in Settings.fields():
        if field.name not in ("mail_to", "public_email"):
            assert getattr(made, field.name) == getattr(empty, field.name), field.name
    assert made.public_email == "coach@voorbeeld.nl"  # the coach's mailbox, as when unset
    assert made.max_body_bytes == 32 * 1024
    with pytest.raises(TypeError, match=r"^unknown setting mail_too$"):
        Settings(mail_too="coach@voorbeeld.nl")


def test_each_variable_is_declared_once() -> None:
    variables = [field.variable for field in Settings.fields()]
    assert len(variables) == len(set(variables)) == 20
    assert Settings.endpoint_url.default == ENDPOINT_PATH == "/api/contact"


def test_the_readme_describes_every_variable() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Settings (environment variables", 1)[1].split("\n### ", 1)[0]
    described = set(re.findall(r"`(CONTACT_[A-Z_]+|MAILER_DSN)`", section))
    assert {field.variable for field in Settings.fields()} == described


def test_the_functions_pages_are_the_sites_pages() -> None:
    """mkdocs.yml `extra.contact` says where the site's pages are; the deployed function sends
    prospects to its defaults unless its environment says otherwise, so the two must agree."""
    config = load_tolerant((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    defaults = {f.variable: f.default for f in Settings.fields() if isinstance(f, SitePath)}
    assert site_variables(config["extra"]["contact"]) == defaults


def test_site_variables_resolve_pages_against_the_sites_root() -> None:
    contact = {"endpoint": "/api/form", "page": "contact/", "thanks": "contact/bedankt/"}
    assert site_variables(contact, "/blog/") == {
        "CONTACT_ENDPOINT_URL": "/api/form",  # a path from the host's root, as the form's action
        "CONTACT_FORM_URL": "/blog/contact/",
        "CONTACT_THANKS_URL": "/blog/contact/bedankt/",
    }  # no privacy entry: left to the environment
    settings = Settings.from_environ(site_variables(contact))
    assert (settings.endpoint_url, settings.form_url, settings.privacy_url) == (
        "/api/form",
        "/contact/",
        "/privacy/",
    )


def test_all_dsn_forms() -> None:
    specs = parse_mailer_dsn(
        "failover(smtp://user:p%40ss@mail.voorbeeld.nl:587 smtps://mail.voorbeeld.nl "
        "postmark+api://TOKEN@default mailgun+api://KEY:mg.voorbeeld.nl@eu "
        "brevo+api://KEY@default resend+api://KEY@default maildir:///var/mail/coach)"
    )
    assert [s.kind for s in specs] == [
        "smtp", "smtps", "postmark", "mailgun", "brevo", "resend", "maildir",
    ]  # fmt: skip
    smtp = specs[0]
    assert (smtp.host, smtp.port, smtp.user, smtp.password) == (
        "mail.voorbeeld.nl",
        587,
        "user",
        "p@ss",
    )
    assert specs[3].password == "mg.voorbeeld.nl" and specs[3].host == "eu"
    assert specs[6].path == "/var/mail/coach"


@pytest.mark.parametrize(
    "dsn, message",
    [
        ("", "expected SCHEME://..., e.g. smtp://user:pass@host:587"),
        (
            f"smtpx://u:{SECRET}@h",
            "unknown scheme 'smtpx' (known: smtp, smtps, maildir, postmark+api, mailgun+api, "
            "brevo+api, resend+api)",
        ),
        (f"postmark://{SECRET}@default", "unknown scheme 'postmark' (known: smtp, smtps, "
         "maildir, postmark+api, mailgun+api, brevo+api, resend+api)"),
        (f"smtp://u:{SECRET}@host:port{SECRET}", "smtp: the port must be a number from 1 to 65535"),
        (f"smtp://u:{SECRET}@host:99999", "smtp: the port must be a number from 1 to 65535"),
        (f"smtp://u:{SECRET}@", "smtp: the host is missing"),
        (f"smtp://u:{SECRET}@bad_host!", "smtp: the host is not a valid host name"),
        (f"smtp://:{SECRET}@host", "smtp: a password needs a user name"),
        (f"smtp://u:{SECRET}@host/path", "smtp: unexpected path after the host"),
        (f"mailgun+api://{SECRET}@eu", "mailgun+api: expected mailgun+api://KEY:DOMAIN@eu "
         "(key and domain)"),
        ("resend+api://@default", "resend+api: the API key is missing before '@'"),
        (f"brevo+api://{SECRET}:x@default", "brevo+api: expected brevo+api://KEY@default "
         "(no ':' in the key part)"),
        ("maildir://", "maildir:// needs a path, e.g. maildir://.mail"),
        (f"failover(smtp://u:{SECRET}@h)", "failover(...) needs at least two DSNs separated "
         "by spaces"),
        (f"failover(smtp://h smtp://u:{SECRET}@h:x)", "DSN 2 in failover(...): smtp: the port "
         "must be a number from 1 to 65535"),
        ("failover smtp://h", "failover must be written failover(DSN DSN ...)"),
    ],
)  # fmt: skip
def test_malformed_dsn_names_the_part_and_never_the_secret(dsn: str, message: str) -> None:
    with pytest.raises(DsnError) as caught:
        parse_mailer_dsn(dsn)
    assert str(caught.value) == message
    assert SECRET not in str(caught.value)


def test_config_errors_are_collected_and_never_echo_secrets() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_environ(
            {
                "MAILER_DSN": f"smtp://u:{SECRET}@host:x",
                "CONTACT_TO": "geen adres",
                "CONTACT_RATE_LIMIT": "vijf",
                "CONTACT_ALLOWED_ORIGINS": "https://coach.nl, coach.nl",
                "CONTACT_CHALLENGE_SECRET": "kort",
                "CONTACT_DELIVERY_BUDGET": "30",
                "CONTACT_THANKS_URL": "https://elders.example/",
                "CONTACT_ENDPOINT_URL": "https://abcd.lambda-url.eu-west-1.on.aws/",
            }
        )
    assert caught.value.problems == [
        "MAILER_DSN: smtp: the port must be a number from 1 to 65535",
        "CONTACT_TO must be one plain e-mail address (name@domain)",
        "CONTACT_PUBLIC_EMAIL must be one plain e-mail address",
        "CONTACT_RATE_LIMIT: expected COUNT/WINDOW such as 5/10m, 20/1h or 0 to switch it off",
        "CONTACT_ALLOWED_ORIGINS: 'coach.nl' is not an origin like https://example.nl",
        "CONTACT_CHALLENGE_SECRET must be at least 32 characters long",
        "CONTACT_DELIVERY_BUDGET must lie between 0.1 and 22",
        "CONTACT_THANKS_URL must be an absolute path on the site, like /gesprek/bedankt/",
        "CONTACT_ENDPOINT_URL must be an absolute path on the site, like /api/contact",
    ]
    assert SECRET not in str(caught.value)


def test_real_transports_need_real_addresses() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_environ({"MAILER_DSN": "postmark+api://KEY@default"})
    assert caught.value.problems == [
        "CONTACT_TO is required when mail leaves this machine",
        "CONTACT_FROM is required when mail leaves this machine",
    ]


@pytest.mark.parametrize(
    "text, limit",
    [("5/10m", RateLimit(5, 600)), ("20/1h", RateLimit(20, 3600)), ("3/s", RateLimit(3, 1)),
     ("0", RateLimit(0, 0)), ("off", RateLimit(0, 0))],
)  # fmt: skip
def test_rate_limits(text: str, limit: RateLimit) -> None:
    assert parse_rate_limit(text) == limit


def test_rate_limit_window_is_at_most_an_hour() -> None:
    with pytest.raises(ValueError, match=r"^the window must lie between 1s and 1h$"):
        parse_rate_limit("5/2h")


def test_wait_headers() -> None:
    assert parse_wait({"Retry-After": "7"}) == 7.0
    assert parse_wait({"Retry-After": "Thu, 01 Jan 2026 00:00:10 GMT"}, now=1767225600) == 10.0
    assert parse_wait({"ratelimit-reset": "3"}) == 3.0
    assert parse_wait({"X-RateLimit-Reset": "1767225605"}, now=1767225600) == 5.0
    assert parse_wait({"X-RateLimit-Reset": "1767225605000"}, now=1767225600) == 5.0
    assert parse_wait({}) is None
