"""The proxy rule and the build's messages about it, without MkDocs."""

from __future__ import annotations

import pytest

from coachsite.netlify_proxy import (
    BAD_ENDPOINT,
    MISSING_SECRET,
    MISSING_URL,
    SHORT_SECRET,
    ProxyPlan,
    UnusableURL,
    function_url,
    plan,
    proxy_rule,
    unusable_url,
    with_rule,
)

LAMBDA = "https://abcdefgh1234.lambda-url.eu-west-1.on.aws/"
SECRET = "s" * 16
WHERE = "in Netlify onder Site configuration → Environment variables"


def env(context: str | None, url: str | None = LAMBDA, secret: str | None = SECRET) -> dict:
    values = {"CONTEXT": context, "CONTACT_FUNCTION_URL": url, "CONTACT_PROXY_SECRET": secret}
    return {name: value for name, value in values.items() if value is not None}


# --- the URL ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        LAMBDA,
        "https://a1b2c3.execute-api.eu-central-1.amazonaws.com/prod/contact",
        "https://127.0.0.1:8443/",
        "https://localhost:8443/",
        "https://[::1]:8443/",
        "https://functions.example.nl",
        "https://functions.example.nl/v1/contact%20form",
    ],
)
def test_the_forms_a_function_host_gives_are_accepted_as_they_are(url: str) -> None:
    assert function_url(url) == url


def test_surrounding_whitespace_is_stripped_and_the_scheme_lower_cased() -> None:
    assert function_url(f"  \t{LAMBDA}\n") == LAMBDA
    assert function_url("HTTPS://localhost:8443/") == "https://localhost:8443/"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "http://abcdefgh1234.lambda-url.eu-west-1.on.aws/",
            "begint met http:// en niet met https:// (tussen Netlify en de functie gaan naam, "
            "e-mailadres en bericht van de bezoeker over het internet, en alleen https houdt "
            "die versleuteld)",
        ),
        ("ftp://files.example.nl/", "begint met ftp:// en niet met https://"),
        ("https://localhost:8443/?key=1", "bevat een zoekdeel (alles vanaf ?)"),
        ("https://localhost:8443/#form", "bevat een ankerdeel (alles vanaf #)"),
        ("https://localhost#a?b", "bevat een ankerdeel (alles vanaf #)"),
        ("https://user:pw@localhost:8443/", "bevat een gebruikersnaam of wachtwoord (iets vóór @)"),
        (
            "http://x.example/ 301 /evil",
            "bevat een spatie, aanhalingsteken of onzichtbaar teken",
        ),
        ('"https://localhost:8443/"', "bevat een spatie, aanhalingsteken of onzichtbaar teken"),
        ("“https://localhost/”", "bevat een spatie, aanhalingsteken of onzichtbaar teken"),
        ("https://local\nhost/", "bevat een spatie, aanhalingsteken of onzichtbaar teken"),
        ("https://localhost/\x00", "bevat een spatie, aanhalingsteken of onzichtbaar teken"),
        ("https://localhost/\u200b", "bevat een spatie, aanhalingsteken of onzichtbaar teken"),
        ("https://", "heeft geen hostnaam (zoals abcd1234.lambda-url.eu-west-1.on.aws)"),
        ("https:///contact", "heeft geen hostnaam (zoals abcd1234.lambda-url.eu-west-1.on.aws)"),
        ("https://:8443/", "heeft geen hostnaam (zoals abcd1234.lambda-url.eu-west-1.on.aws)"),
        ("abcdefgh1234.lambda-url.eu-west-1.on.aws", "is geen webadres dat met https:// begint"),
        ("https:/localhost/", "is geen webadres dat met https:// begint"),
        ("niet ingevuld", "bevat een spatie, aanhalingsteken of onzichtbaar teken"),
        ("todo", "is geen webadres dat met https:// begint"),
        ("https://exa_mple.nl/", 'heeft een ongeldige hostnaam ("exa_mple.nl")'),
        ("https://-example.nl/", 'heeft een ongeldige hostnaam ("-example.nl")'),
        ("https://300.1.1.1/", 'heeft een ongeldige hostnaam ("300.1.1.1")'),
        ("https://[::g]/", 'heeft een ongeldige hostnaam ("[::g]")'),
        ("https://localhost:99999/", 'heeft een ongeldige poort ("99999")'),
        ("https://localhost:/", 'heeft een ongeldige poort ("")'),
        ("https://localhost:port/", 'heeft een ongeldige poort ("port")'),
        ("https://café.nl/", 'bevat het teken "é", dat niet in een webadres hoort'),
        ("https://localhost/<script>", 'bevat het teken "<", dat niet in een webadres hoort'),
        (
            "https://localhost/:splat",
            'heeft het teken ":" in het pad, waar alleen letters, cijfers, - . _ ~ / en %-codes '
            "mogen staan",
        ),
        (
            "https://localhost/100%",
            'heeft het teken "%" in het pad, waar alleen letters, cijfers, - . _ ~ / en %-codes '
            "mogen staan",
        ),
    ],
)
def test_an_unusable_url_is_refused_with_its_reason(url: str, reason: str) -> None:
    with pytest.raises(UnusableURL) as error:
        function_url(url)
    assert error.value.reason == reason


def test_the_http_message_explains_the_https_only_rule_on_one_line() -> None:
    with pytest.raises(UnusableURL) as error:
        function_url("http://localhost:8443/")
    assert unusable_url(error.value.reason) == (
        "CONTACT_FUNCTION_URL begint met http:// en niet met https:// (tussen Netlify en de "
        "functie gaan naam, e-mailadres en bericht van de bezoeker over het internet, en alleen "
        f"https houdt die versleuteld): zet het juiste https-adres van de contactfunctie {WHERE}, "
        "anders werkt het contactformulier niet."
    )


def test_a_url_with_a_password_is_refused_without_repeating_it() -> None:
    result = plan(env(None, url="https://coach:geheim123@localhost/"), "/api/contact")
    assert result.errors == (
        "CONTACT_FUNCTION_URL bevat een gebruikersnaam of wachtwoord (iets vóór @): zet het "
        f"juiste https-adres van de contactfunctie {WHERE}, anders werkt het contactformulier "
        "niet.",
    )
    assert "geheim123" not in result.errors[0]


# --- the rule ---------------------------------------------------------------------------------


def test_the_rule_is_signed_with_the_variables_name() -> None:
    assert proxy_rule("/api/contact", LAMBDA, signed=True) == (
        f"/api/contact  {LAMBDA}  200!  Sign=CONTACT_PROXY_SECRET\n"
    )
    assert proxy_rule("/api/contact", LAMBDA, signed=False) == f"/api/contact  {LAMBDA}  200!\n"


def test_the_rule_goes_first_and_only_once() -> None:
    rule = proxy_rule("/api/contact", LAMBDA, signed=True)
    assert with_rule("", rule) == rule
    assert with_rule("/oud  /nieuw  301\n", rule) == rule + "/oud  /nieuw  301\n"
    assert with_rule(rule + "/oud  /nieuw  301", rule) == rule + "/oud  /nieuw  301"


def test_the_secret_is_never_written_into_the_rule() -> None:
    secret = "een-heel-geheim-geheim"
    result = plan(env("production", secret=secret), "/api/contact")
    assert result.rule == f"/api/contact  {LAMBDA}  200!  Sign=CONTACT_PROXY_SECRET\n"
    assert secret not in result.rule


@pytest.mark.parametrize("endpoint", [None, "", "api/contact", "/api/:x", "/api contact", 5])
def test_a_broken_endpoint_in_mkdocs_yml_fails_wherever_a_rule_is_written(endpoint) -> None:
    for context in ("production", "deploy-preview", None):
        assert plan(env(context), endpoint).errors == (BAD_ENDPOINT,)
    assert plan(env(None, url=None), endpoint).errors == ()


# --- by context -------------------------------------------------------------------------------


def test_production_with_url_and_secret_writes_the_signed_rule() -> None:
    assert plan(env("production"), "/api/contact") == ProxyPlan(
        rule=f"/api/contact  {LAMBDA}  200!  Sign=CONTACT_PROXY_SECRET\n"
    )


def test_production_without_url_or_secret_fails_with_one_line_each() -> None:
    result = plan(env("production", url=None, secret=None), "/api/contact")
    assert result.errors == (
        f"CONTACT_FUNCTION_URL ontbreekt: zet het https-adres van de contactfunctie {WHERE}, "
        "anders werkt het contactformulier niet.",
        "CONTACT_PROXY_SECRET ontbreekt: zet een geheim van minstens 16 tekens "
        f"{WHERE} en dezelfde waarde in de omgeving van de contactfunctie, zodat de functie "
        "alleen berichten aanneemt die via de site komen.",
    )
    assert all("\n" not in line for line in result.errors)


def test_production_with_a_short_secret_fails() -> None:
    result = plan(env("production", secret="s" * 15), "/api/contact")
    assert result.errors == (
        "CONTACT_PROXY_SECRET is korter dan 16 tekens: zet een langer geheim "
        f"{WHERE} en dezelfde waarde in de omgeving van de contactfunctie, want de functie "
        "weigert een korter geheim.",
    )
    assert result.errors == (SHORT_SECRET,)


def test_production_with_an_unusable_url_fails_and_blank_counts_as_missing() -> None:
    assert plan(env("production", url="http://localhost/"), "/api/contact").errors == (
        unusable_url(
            "begint met http:// en niet met https:// (tussen Netlify en de functie gaan naam, "
            "e-mailadres en bericht van de bezoeker over het internet, en alleen https houdt "
            "die versleuteld)"
        ),
    )
    assert plan(env("production", url="   "), "/api/contact").errors == (MISSING_URL,)


@pytest.mark.parametrize("context", ["deploy-preview", "branch-deploy"])
def test_previews_never_fail_and_mention_each_problem(context: str) -> None:
    result = plan(env(context, url=None, secret=None), "/api/contact")
    assert result == ProxyPlan(rule=None, notices=(MISSING_URL, MISSING_SECRET))

    result = plan(env(context, secret="kort"), "/api/contact")
    assert result.errors == ()
    assert result.notices == (SHORT_SECRET,)
    assert result.rule == f"/api/contact  {LAMBDA}  200!\n"

    result = plan(env(context, url="https://localhost/?a=1"), "/api/contact")
    assert result.errors == ()
    assert result.notices == (unusable_url("bevat een zoekdeel (alles vanaf ?)"),)
    assert result.rule is None


@pytest.mark.parametrize("context", [None, "", "dev"])
def test_locally_unset_is_silent_and_set_but_unusable_fails(context: str | None) -> None:
    assert plan(env(context, url=None, secret=None), "/api/contact") == ProxyPlan(rule=None)
    unsigned = plan(env(context, secret=None), "/api/contact")
    assert unsigned.rule == f"/api/contact  {LAMBDA}  200!\n"
    assert unsigned.errors == unsigned.notices == ()

    assert plan(env(context, url="localhost:8443"), "/api/contact").errors == (
        unusable_url("is geen webadres dat met https:// begint"),
    )
    assert plan(env(context, url=None, secret="kort"), "/api/contact").errors == (SHORT_SECRET,)


def test_the_secret_is_measured_as_the_function_measures_it() -> None:
    assert plan(env("production", secret="ä" * 16), "/api/contact").errors == ()
    assert plan(env("production", secret="s" * 15 + " "), "/api/contact").errors == ()
