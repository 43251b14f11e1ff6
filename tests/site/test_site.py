"""The real site, built with the production command, checked page by page."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import feedparser
import pytest

from tests.conftest import SITE_URL, copy_project, mkdocs_build
from tests.site.htmlscan import foreign_references, scan

POST = "blog/kwetsbaar/index.html"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def meta(html: str, attr: str, name: str) -> str:
    match = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
    assert match, f"no <meta {attr}={name}>"
    return match.group(1)


def test_post_page_has_dutch_date_reading_time_and_headings(built_site: Path) -> None:
    html = read(built_site, POST)
    assert '<html lang="nl"' in html
    assert ">27 november 2026</time>" in html
    assert re.search(r'<p class="post-byline">\s*<time [^>]*>27 november 2026</time>', html)
    assert re.search(r"\b3 minuten leestijd\b", html)
    assert '<h1 id="kwetsbaar">Kwetsbaar</h1>' in html
    for heading in (
        "Als een boomerang",
        "Dit is een compliment",
        "Op naar een waardevolle relatie!",
    ):
        assert re.search(rf"<h2 id=\"[^\"]+\">{re.escape(heading)}</h2>", html), heading


def test_post_text_is_the_coachs_own_text(built_site: Path) -> None:
    html = read(built_site, POST)
    source = Path(__file__).resolve().parents[3] / "shared" / "content" / "kwetsbaar.txt"
    if not source.exists():
        pytest.skip("the coach's original text is not beside this checkout")
    text = re.sub(r"<[^>]+>", "", html)
    for paragraph in source.read_text(encoding="utf-8").split("\n\n")[1:]:
        paragraph = paragraph.strip()
        if paragraph:
            assert paragraph in text, paragraph[:60]


def test_post_links_its_closing_invitation_and_ends_with_the_cta(built_site: Path) -> None:
    html = read(built_site, POST)
    assert (
        '<a href="../../gesprek/">Stuur me een berichtje en dan plannen we een vrijblijvend '
        "gesprek</a>." in html
    )
    cta = html[html.index('<aside class="cta"') :]
    assert '<h2 class="cta__title">Plan een vrijblijvend gesprek</h2>' in cta
    assert 'href="../../gesprek/">Plan een vrijblijvend gesprek</a>' in cta


def test_post_has_description_sharing_tags_and_canonical(built_site: Path) -> None:
    html = read(built_site, POST)
    description = (
        "Je kwetsbaar opstellen tegenover je leidinggevende vraagt moed. Wat doe jij als leider "
        "wanneer een medewerker dat moment neemt?"
    )
    assert meta(html, "name", "description") == description
    assert '<link rel="canonical" href="https://coach.test/blog/kwetsbaar/">' in html
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:title") == "Kwetsbaar"
    assert meta(html, "property", "og:description") == description
    assert meta(html, "property", "og:url") == "https://coach.test/blog/kwetsbaar/"
    assert meta(html, "property", "og:locale") == "nl_NL"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:title") == "Kwetsbaar"
    assert "<title>Kwetsbaar - [Naam van de praktijk]</title>" in html


def test_post_has_valid_blogposting_json_ld(built_site: Path) -> None:
    html = read(built_site, POST)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Kwetsbaar"
    assert data["inLanguage"] == "nl"
    assert data["datePublished"].startswith("2026-11-27")
    assert data["author"] == [{"@type": "Person", "name": "[Naam van de coach]"}]
    assert data["description"].startswith("Je kwetsbaar opstellen")
    assert data["url"] == "https://coach.test/blog/kwetsbaar/"


def test_only_posts_carry_json_ld(built_site: Path) -> None:
    for page in ("index.html", "blog/index.html", "privacy/index.html"):
        assert "application/ld+json" not in read(built_site, page), page
        assert meta(read(built_site, page), "property", "og:type") == "website"


def test_every_page_has_title_description_canonical_and_sharing_tags(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(built_site).as_posix()
        assert re.search(r"<title>[^<]+</title>", html), rel
        assert meta(html, "name", "description"), rel
        assert meta(html, "property", "og:title"), rel
        assert meta(html, "name", "twitter:card") == "summary_large_image", rel
        if rel != "404.html":
            assert '<link rel="canonical" href="https://coach.test/' in html, rel


@pytest.mark.parametrize("feed_file", ["feed_rss_created.xml", "feed_rss_updated.xml"])
def test_feeds_parse_and_date_the_post_from_its_frontmatter(
    built_site: Path, feed_file: str
) -> None:
    feed = feedparser.parse((built_site / feed_file).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [entry.title for entry in feed.entries]
    assert "Kwetsbaar" in titles
    entry = feed.entries[titles.index("Kwetsbaar")]
    assert entry.link == "https://coach.test/blog/kwetsbaar/"
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    assert tuple(published[:3]) == (2026, 11, 27)


def test_json_feed_follows_json_feed_1_1_and_lists_the_post(built_site: Path) -> None:
    feed = json.loads(read(built_site, "feed_json_created.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["home_page_url"].startswith("https://coach.test/")
    items = {item["title"]: item for item in feed["items"]}
    post = items["Kwetsbaar"]
    assert post["url"] == "https://coach.test/blog/kwetsbaar/"
    assert post["date_published"].startswith("2026-11-27")
    assert post["id"]


def test_feeds_are_linked_in_every_page_head(built_site: Path) -> None:
    html = read(built_site, "index.html")
    assert 'type="application/rss+xml" title="RSS-feed" href="feed_rss_created.xml"' in html
    assert 'type="application/feed+json" title="JSON feed" href="feed_json_created.json"' in html


def test_sitemap_and_robots(built_site: Path) -> None:
    sitemap = read(built_site, "sitemap.xml")
    assert "<loc>https://coach.test/blog/kwetsbaar/</loc>" in sitemap
    assert "<loc>https://coach.test/gesprek/</loc>" in sitemap
    assert read(built_site, "robots.txt") == (
        "User-agent: *\nDisallow: /api/\n\nSitemap: https://coach.test/sitemap.xml\n"
    )


def test_no_page_refers_to_another_host(built_site: Path) -> None:
    offenders = {}
    for page in sorted(built_site.rglob("*.html")):
        rel = page.relative_to(built_site).as_posix()
        url = SITE_URL + rel
        found = foreign_references(page.read_text(encoding="utf-8"), url, SITE_URL)
        if found:
            offenders[rel] = [f"<{ref.tag} {ref.attr}={ref.url}>" for ref in found]
    assert offenders == {}


def test_no_google_fonts_and_no_inline_styles(built_site: Path) -> None:
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        assert "<style" not in html, page
        assert not re.search(r"\sstyle=", html), page


def test_csp_lists_every_inline_script_and_no_unsafe_inline(built_site: Path) -> None:
    import base64
    import hashlib

    headers = read(built_site, "_headers")
    csp = re.search(r"^  Content-Security-Policy: (.+)$", headers, re.MULTILINE).group(1)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    script_src = re.search(r"script-src ([^;]+)", csp).group(1).split()
    seen = 0
    for page in sorted(built_site.rglob("*.html")):
        for body in scan(page.read_text(encoding="utf-8")).inline_scripts:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in script_src, page
            seen += 1
    assert seen >= 10


def test_fingerprinted_assets_are_cached_for_a_year(built_site: Path) -> None:
    headers = read(built_site, "_headers")
    bundles = [p for p in (built_site / "assets").rglob("*.min.js") if "bundle." in p.name]
    assert bundles
    for bundle in bundles:
        path = "/" + bundle.relative_to(built_site).as_posix()
        assert f"{path}\n  Cache-Control: public, max-age=31536000, immutable\n" in headers


def test_interface_speaks_dutch(built_site: Path) -> None:
    english = [
        "Continue reading",
        "Back to index",
        "Authors",
        "Table of contents",
        "Made with",
        "Skip to content",
        "Previous",
        "Next",
        "Search",
        "Archive",
    ]
    for page in sorted(built_site.rglob("*.html")):
        text = re.sub(r"<script.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
        visible = re.sub(r"<[^>]+>", " ", text)
        for phrase in english:
            assert not re.search(rf"\b{phrase}\b", visible), (page, phrase)


def test_blog_index_archive_category_and_author_pages(built_site: Path) -> None:
    index = read(built_site, "blog/index.html")
    assert '<a href="kwetsbaar/">Kwetsbaar</a>' in index or 'href="kwetsbaar/"' in index
    assert "Lees verder" in index
    assert "Archief" in index and "Categorieën" in index
    assert "Kwetsbaar" in read(built_site, "blog/archief/2026/index.html")
    assert "Kwetsbaar" in read(built_site, "blog/categorie/coachend-leiderschap/index.html")
    assert "Kwetsbaar" in read(built_site, "blog/auteur/coach/index.html")


def test_404_page_is_dutch_and_works_at_any_depth(built_site: Path) -> None:
    html = read(built_site, "404.html")
    assert "<h1>Pagina niet gevonden</h1>" in html
    # Netlify serves it for /any/deep/path: asset links must not be relative.
    for ref in scan(html).references:
        if ref.tag in ("link", "script") and ref.attr in ("href", "src"):
            assert ref.url.startswith(("/", "https://coach.test/")), ref.url


def test_placeholders_for_the_coach_are_marked_not_invented(built_site: Path) -> None:
    privacy = read(built_site, "privacy/index.html")
    for placeholder in ("[Naam van de coach]", "[plaats]", "[KvK-nummer]", "[telefoonnummer]"):
        assert placeholder in privacy


def test_future_posts_and_drafts_stay_out_of_the_production_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    posts = project / "docs" / "blog" / "posts"
    tomorrow = date.today() + timedelta(days=1)
    body = (
        "---\ndate: {date}\ndescription: Een bericht dat nog niet zichtbaar mag zijn op de "
        "site, omdat het {why} is.\ncategories:\n  - Zelfleiderschap\nauthors:\n  - coach\n"
        "{extra}---\n\n# {title}\n\nEerste alinea.\n\n<!-- more -->\n\nMeer tekst.\n"
    )
    (posts / "morgen.md").write_text(
        body.format(date=tomorrow, why="gepland", extra="", title="Gepland voor morgen")
    )
    (posts / "concept.md").write_text(
        body.format(date="2026-01-05", why="een concept", extra="draft: true\n", title="Concept")
    )
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "blog" / "gepland-voor-morgen").exists()
    assert not (site / "blog" / "concept").exists()
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    everything += (site / "feed_rss_created.xml").read_text(encoding="utf-8")
    everything += (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "Gepland voor morgen" not in everything
    assert "gepland-voor-morgen" not in everything
    assert "concept/" not in everything
    assert (site / "blog" / "kwetsbaar" / "index.html").exists()


def test_contact_page_form_has_labelled_fields_and_posts_to_the_endpoint(built_site: Path) -> None:
    html = read(built_site, "gesprek/index.html")
    form = re.search(r'<form\b[^>]*\baction="/api/contact".*?</form>', html, re.DOTALL).group(0)
    assert re.search(r'<form\b[^>]*\baction="/api/contact"', form)
    assert re.search(r'<form\b[^>]*\bmethod="post"', form, re.IGNORECASE)
    labels = dict(re.findall(r'<label\b[^>]*\bfor="([^"]+)"[^>]*>(.*?)</label>', form, re.DOTALL))
    controls = re.findall(r"<(input|textarea)\b([^>]*)>", form)
    named = {}
    for _tag, attrs in controls:
        name = re.search(r'\bname="([^"]+)"', attrs)
        kind = re.search(r'\btype="([^"]+)"', attrs)
        if not name or (kind and kind.group(1) in ("hidden", "submit")):
            continue
        control_id = re.search(r'\bid="([^"]+)"', attrs).group(1)
        named[name.group(1)] = re.sub(r"<[^>]+>|\s+", " ", labels.get(control_id, "")).strip()
    for field in ("name", "email", "phone", "message", "consent"):
        assert named.get(field), f"{field} has no visible label"
    assert "privacyverklaring" in named["consent"].lower()
    assert "/privacy/" in form or "../privacy/" in form
