"""The frontmatter rules, declared once: which keys a post and a page may have, and how each
value is checked.

Like MkDocs' own `Config` classes, a schema is a class whose attributes are fields; validating
runs every field and collects every problem instead of stopping at the first. Keys that our own
features add (such as `series` for the series plugin) are declared here too, so an unknown key
is always a typo or a mistake, never a feature.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from .fields import (
    INVALID,
    At,
    Choices,
    Date,
    Description,
    Field,
    Flag,
    Image,
    ImageAlt,
    Links,
    Number,
    Requirement,
    Slug,
    Text,
    TextList,
    Title,
    ascii_slug,
    kind_of,
    nearest,
)
from .report import shown

if TYPE_CHECKING:
    from .settings import SiteSettings

REQUIRED = Requirement.REQUIRED
RECOMMENDED = Requirement.RECOMMENDED

# What Material lets a page hide with `hide:` (Material for MkDocs, "Setting up navigation").
HIDEABLE = ("navigation", "toc", "footer", "feedback", "path", "tags")

DESCRIPTION_EXAMPLE = "Wat kwetsbaarheid met leiderschap te maken heeft, en hoe je begint."


class Schema:
    """A set of fields; subclasses declare them as class attributes, in report order."""

    fields: ClassVar[dict[str, Field]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.fields = {}
        for klass in reversed(cls.__mro__):
            cls.fields.update({k: v for k, v in vars(klass).items() if isinstance(v, Field)})

    @classmethod
    def unknown_key(cls, key: str, at: At, near: str | None) -> str:
        if near is not None:
            return f"is geen bekend veld — bedoelde je '{near}'?"
        return "is geen bekend veld — haal het weg, of kies een van: " + ", ".join(cls.fields)

    @classmethod
    def foreign_key(
        cls, key: str, value: Any, present: Mapping[str, Any], at: At
    ) -> tuple[str, tuple[str, ...]] | None:
        """What a key from another blog system (Jekyll, Hugo, Pelican) means here, if known:
        the message, and the keys it tells the coach to add (so they are not also reported
        as missing). A spelling suggestion would lead her astray (`section` is no typo of
        `description`)."""
        return None

    @classmethod
    def validate(
        cls,
        data: Mapping[Any, Any],
        block: At,
        lines: Mapping[str, int],
        children: Mapping[str, list[int] | dict[str, int]],
        *,
        unreadable: Collection[str] = (),
    ) -> dict[str, Any]:
        """Check every key of `data`; return the valid values, normalised.

        `block` is where the mapping starts (missing keys are reported there); `lines` and
        `children` give each key's line and its items' lines, already as file lines. Keys in
        `unreadable` hold a value YAML could not build: that is reported already, so they
        count as present but are not checked.
        """
        values: dict[str, Any] = {}
        present = {str(key): value for key, value in data.items()}
        misspelt: set[str] = set()
        for key, value in present.items():
            if key in unreadable:
                continue
            name = f"{block.field}.{key}" if block.field != "frontmatter" else key
            at = At(block.file, name, lines.get(key, block.line), children.get(key))
            declared = cls.fields.get(key)
            if declared is None:
                if foreign := cls.foreign_key(key, value, present, at):
                    message, replaced = foreign
                    at.error(message)
                    misspelt.update(replaced)
                    continue
                near = nearest(key, [k for k in cls.fields if k not in present], cutoff=0.7)
                at.error(cls.unknown_key(key, at, near))
                if near is not None:
                    misspelt.add(near)  # "ontbreekt" would only repeat the suggestion
                continue
            result = declared.validate(value, at)
            if result is not INVALID:
                values[key] = result
        for key, declared in cls.fields.items():
            if key not in present and key not in misspelt:
                name = f"{block.field}.{key}" if block.field != "frontmatter" else key
                declared.on_missing(At(block.file, name, block.line), present)
        return values


class Nested(Field):
    """A mapping value checked against its own schema (`search:`, the dates of a post)."""

    def __init__(self, schema: type[Schema], *, example: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schema = schema
        self._example = example

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: {self._example}"

    def check(self, value: Any, at: At) -> Any:
        if not isinstance(value, dict):
            at.error(
                f"is {kind_of(value)}, maar hier horen velden onder — schrijf bijvoorbeeld "
                f"{self.example(at.file.settings)}"
            )
            return INVALID
        lines = at.children if isinstance(at.children, dict) else {}
        return self.schema.validate(value, at, lines, {})


class PostDates(Schema):
    """Material's long form of `date:`, with the day of publication and of the last update."""

    created = Date(required=REQUIRED)
    updated = Date()


class PostDate(Field):
    """`date:` as one date (or date and time), or as Material's created/updated mapping.

    Normalised like Material: always a mapping with an aware `created` datetime.
    """

    def example(self, settings: SiteSettings) -> str:
        return f"{self.name}: 2025-03-14"

    def missing_hint(self, settings: SiteSettings) -> str:
        example = self.example(settings)
        return f"zet de publicatiedatum erbij als jaar-maand-dag, bijvoorbeeld {example}"

    def check(self, value: Any, at: At) -> Any:
        if isinstance(value, dict):
            lines = at.children if isinstance(at.children, dict) else {}
            dates = PostDates.validate(value, at, lines, {})
            return dates if "created" in dates and len(dates) == len(value) else INVALID
        single = Date()
        single.name = self.name
        created = single.check(value, at)
        return INVALID if created is INVALID else {"created": created}


class SearchOptions(Schema):
    """Material's per-page search settings."""

    exclude = Flag()
    boost = Number(whole=False, minimum=0.01, example="2")


def _categories(settings: SiteSettings) -> tuple[str, ...]:
    return settings.categories_allowed


def _authors(settings: SiteSettings) -> tuple[str, ...]:
    return settings.authors


def _authors_file(settings: SiteSettings) -> str:
    if settings.authors_file is None:
        return ".authors.yml"
    return settings.relative(settings.authors_file)


class PageFrontmatter(Schema):
    """A page that is not a blog post: home, contact, privacy, the blog's own index."""

    title = Title(required=RECOMMENDED, example="Over mij")
    description = Description(required=RECOMMENDED, example=DESCRIPTION_EXAMPLE)
    template = Text(example="contact.html")
    hide = Choices(
        options=lambda settings: HIDEABLE,
        unknown="is geen onderdeel dat je kunt verbergen",
        choose="kies uit",
        add_hint=lambda settings: "haal het weg",
    )
    search = Nested(SearchOptions, example="{exclude: true}")
    icon = Text(example="material/account")
    subtitle = Text(example="Een ondertitel")
    # mkdocs-macros-plugin renders only pages that opt in (render_by_default: false).
    render_macros = Flag()

    @classmethod
    def unknown_key(cls, key: str, at: At, near: str | None) -> str:
        if key in PostFrontmatter.fields:
            posts = at.file.settings.docs_dir / at.file.settings.post_dir
            return (
                "hoort alleen bij blogposts — haal het weg; dit bestand is een gewone pagina "
                f"(blogposts staan in {at.file.settings.relative(posts)}/)"
            )
        return super().unknown_key(key, at, near)

    @classmethod
    def foreign_key(
        cls, key: str, value: Any, present: Mapping[str, Any], at: At
    ) -> tuple[str, tuple[str, ...]] | None:
        return _foreign_key(key, value, present, at, post=False)


class PostFrontmatter(Schema):
    """A blog post under the blog's posts folder."""

    title = Title(required=REQUIRED, example="Mijn titel")
    date = PostDate(required=REQUIRED)
    description = Description(required=REQUIRED, example=DESCRIPTION_EXAMPLE)
    categories = Choices(
        required=REQUIRED,
        options=_categories,
        unknown="is geen toegestane categorie",
        choose="kies uit",
        add_hint=lambda settings: (
            "voeg hem toe in mkdocs.yml onder plugins → blog → categories_allowed"
        ),
    )
    authors = Choices(
        required=REQUIRED,
        options=_authors,
        unknown="is geen bekende auteur",
        choose="kies uit",
        add_hint=lambda settings: f"voeg de auteur toe aan {_authors_file(settings)}",
    )
    tags = TextList(required=RECOMMENDED, max_length=30, example="[feedback, zelfleiderschap]")
    slug = Slug()
    draft = Flag()
    image = Image()
    image_alt = ImageAlt(needs="image", example="Twee mensen in gesprek aan een tafel")
    # Our own features.
    series = Text(example="Feedback geven")
    render_macros = Flag()
    # Material's own post and page settings.
    pin = Flag()
    readtime = Number(example="5")
    links = Links()
    template = Text(example="blog-post.html")
    hide = PageFrontmatter.hide
    search = PageFrontmatter.search

    @classmethod
    def foreign_key(
        cls, key: str, value: Any, present: Mapping[str, Any], at: At
    ) -> tuple[str, tuple[str, ...]] | None:
        return _foreign_key(key, value, present, at, post=True)


UNKNOWN = "is geen bekend veld"
_SUMMARY_KEYS = ("excerpt", "summary")
_UPDATED_KEYS = ("updated", "lastmod", "last_modified_at", "modified")


def _as_yaml_date(value: Any) -> str | None:
    """A date or datetime written back the way YAML reads it, or None for anything else."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def _foreign_key(
    key: str, value: Any, present: Mapping[str, Any], at: At, *, post: bool
) -> tuple[str, tuple[str, ...]] | None:
    """Keys of Jekyll, Hugo and Pelican posts, each with what to do with it on this site."""
    name = key.lower()
    settings = at.file.settings
    if name in _SUMMARY_KEYS:
        if "description" in present:
            return f"{UNKNOWN} — de samenvatting staat al in description; haal {key} weg", ()
        if isinstance(value, str) and value.strip():
            length = len(" ".join(value.split()))
            limits = f"{Description.minimum} à {Description.maximum} tekens"
            if not Description.minimum <= length <= Description.maximum:
                limits += f"; deze tekst heeft er {length}"
            return (
                f"{UNKNOWN} — hernoem het naar description; de tekst wordt dan de samenvatting "
                f"in zoekmachines en bij het delen ({limits})",
                ("description",),
            )
        return f"{UNKNOWN} — haal het weg; de samenvatting hoort in description", ()
    if name == "layout":
        what = "een post" if post else "een pagina"
        return f"{UNKNOWN} — haal het weg; de site kiest zelf de opmaak van {what}", ()
    if not post:
        return None
    if name == "section":
        example = PostFrontmatter.categories.example(settings)
        return (
            f"{UNKNOWN} — haal het weg; een post deel je in met categories, bijvoorbeeld {example}",
            (),
        )
    if name == "header":
        image = "images/foto.jpg"
        if isinstance(value, dict):
            image = next(
                (
                    value[part].strip()
                    for part in ("image", "overlay_image", "teaser")
                    if isinstance(value.get(part), str) and value[part].strip()
                ),
                image,
            )
        return (
            f"{UNKNOWN} — haal het weg; een afbeelding bij de post zet je in image, met een "
            f"beschrijving in image_alt, bijvoorbeeld image: {shown(image)}",
            (),
        )
    if name == "link":
        target = value.strip() if isinstance(value, str) else ""
        if target and "://" not in target and not target.startswith(("mailto:", "www.")):
            # A path on this site: what Material's `links` (related pages) is for.
            return (
                f"{UNKNOWN} — een verwante pagina van deze site zet je in een lijst onder "
                f"links, met het pad vanaf docs/: links: [{shown(target.lstrip('/'))}]",
                (),
            )
        return (
            f"{UNKNOWN} — zet een link naar een andere website in de tekst, bijvoorbeeld "
            f"[de bron]({shown(target or 'https://…')}); verwante pagina's van deze site onder "
            "de post zet je in een lijst: links: [blog/index.md]",
            (),
        )
    if name in _UPDATED_KEYS:
        updated = _as_yaml_date(value) or "2025-04-01"
        created = present.get("date")
        if isinstance(created, dict):
            return f"{UNKNOWN} — zet de datum onder date:, als updated: {updated}", ()
        start = _as_yaml_date(created) or "2025-03-14"
        return (
            f"{UNKNOWN} — zet de datum van de laatste wijziging onder date:, "
            f"bijvoorbeeld date: {{created: {start}, updated: {updated}}}",
            (),
        )
    if name == "published":
        if value is False:
            return f"{UNKNOWN} — wil je de post nog niet publiceren, schrijf dan draft: true", ()
        return f"{UNKNOWN} — haal het weg; een post zonder draft: true wordt gepubliceerd", ()
    if name == "permalink":
        parts = [part for part in value.split("/") if part] if isinstance(value, str) else []
        # `/:year/:title/` is a pattern, not a URL: then there is no slug to carry over.
        slug = ascii_slug(parts[-1].rsplit(".", 1)[0]) if parts and ":" not in parts[-1] else ""
        example = f"slug: {slug}" if slug else "slug: mijn-post"
        return (
            f"{UNKNOWN} — haal het weg; het laatste deel van de URL zet je in slug, "
            f"bijvoorbeeld {example}",
            (),
        )
    return None


def date_created(values: Mapping[str, Any]) -> dt.datetime | None:
    """The publication datetime of a validated post, if it has a valid one."""
    dates = values.get("date")
    return dates.get("created") if isinstance(dates, dict) else None
