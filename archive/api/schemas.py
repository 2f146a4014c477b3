"""Every shape the API answers with, declared once: each class reads its fields from the
records (resolvers for what is computed), and the OpenAPI description is generated from
the same classes. Every property is required and no other is allowed, so the tests that
validate real responses against the description catch a wrong type or a null where none
is declared. Enumerations come from the models' choices.
"""

import datetime
from functools import cache
from typing import Annotated, Literal
from urllib.parse import urlencode

from django.urls import reverse
from ninja import Field, Schema
from pydantic import WithJsonSchema, create_model

from archive import models as news
from archive.lib.dates import Precision, format_partial_date
from archive.lib.pagination import LATEST
from conferences import models as conferences
from people import models as people

from .errors import STRICT

Uri = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]


def one_of(choices):
    """A value of a model's `choices`, documented as their enumeration."""
    return Literal[tuple(choices.values)]


def absolute(context, path):
    return context["request"].build_absolute_uri(path)


def api_url(context, route, **query):
    """The absolute URL of an API list, with `query` as its filters."""
    return absolute(context, f"{reverse(route)}?{urlencode(query)}")


def sublist_url(context, route, obj):
    return absolute(context, reverse(route, kwargs={"slug": obj.slug}))


class Resource(Schema):
    model_config = STRICT


class Linked(Resource):
    """A record with its own API route (`api:<model>-detail`) and public page."""

    url: Uri = Field(description="This record in the API.")
    html_url: Uri = Field(description="This record's public page.")

    @staticmethod
    def resolve_url(obj, context):
        route = f"api:{obj._meta.model_name}-detail"
        return absolute(context, reverse(route, kwargs={"slug": obj.slug}))

    @staticmethod
    def resolve_html_url(obj, context):
        return absolute(context, obj.get_absolute_url())


# --- Dates ----------------------------------------------------------------------------


class PartialDate(Resource):
    date: datetime.date | None = Field(
        description="For a month or year precision, the first day of that period."
    )
    precision: one_of(Precision)
    display: str = Field(description="The date at its precision: 12/4/2023, 4/2023, 2023.")

    @classmethod
    def of(cls, value, precision, **more):
        display = format_partial_date(value, precision)
        return cls.model_construct(date=value, precision=precision, display=display, **more)


class ConferenceDate(PartialDate):
    end_date: datetime.date | None
    as_printed: str


def observed(observation):
    return PartialDate.of(observation.observed_on, observation.observed_precision)


# --- Provinces, people, topics: the short forms other records link to ----------------


class ProvinceLink(Linked):
    slug: str
    name: str


class ProvinceRef(ProvinceLink):
    label: str = Field(description="“Vĩnh Phúc (nay thuộc Phú Thọ)” for a former unit.")
    is_current: bool = Field(description="In force from 1 July 2025.")
    now_part_of: ProvinceLink | None

    @staticmethod
    def resolve_label(obj):
        return str(obj.label_on())

    @staticmethod
    def resolve_now_part_of(obj):
        return obj.successor


class OfficialRef(Linked):
    slug: str
    full_name: str


class OrganizationRef(Linked):
    slug: str
    name: str
    name_en: str = Field(description="The editors' English name; empty until translated.")
    abbreviation: str
    kind: one_of(people.Organization.Kind)


class TopicRef(Linked):
    slug: str
    name: str
    name_en: str = Field(description="The editors' English name; empty until translated.")


# --- Articles and sources ------------------------------------------------------------


class Outlet(Resource):
    slug: str
    name: str
    website: str


class Article(Linked):
    slug: str
    title: str
    title_supplied: bool = Field(description="The title was given by the archive.")
    outlet: Outlet | None
    outlet_published_at: datetime.datetime | None
    outlet_published_precision: one_of(news.Article.TimePrecision)
    byline: str
    original_url: Uri | None

    @staticmethod
    def resolve_original_url(obj):
        return obj.url


class Source(Resource):
    """Where a fact is written."""

    article: Article
    passage: str = Field(description="The passage that states the fact, verbatim.")


class Cited(Resource):
    """A fact with its source: the row is the evidence (article and passage)."""

    source: Source

    @staticmethod
    def resolve_source(obj):
        return obj


# --- Conferences ----------------------------------------------------------------------


class Conference(Linked):
    slug: str
    name: str = Field(description="As the articles report it.")
    name_en: str = Field(description="The editors' English name; empty until translated.")
    kind: one_of(conferences.Conference.Kind)
    scope: one_of(conferences.Scope)
    format: one_of(conferences.Format)
    date: ConferenceDate
    province: ProvinceRef | None = Field(
        description="The province as it was on the conference's date."
    )
    venue: str

    @staticmethod
    def resolve_date(obj):
        return ConferenceDate.of(
            obj.start_date,
            obj.date_precision,
            end_date=obj.end_date,
            as_printed=obj.date_as_printed,
        )


class Range(Resource):
    min: int
    max: int


class FigureClaim(Cited):
    """What one source said; `value` is a format for the `format` kind."""

    value: int | str | None
    qualifier: one_of(conferences.Qualifier) | None
    as_printed: str

    @staticmethod
    def resolve_value(obj):
        return obj.format if obj.kind == conferences.Figure.Kind.FORMAT else obj.value

    @staticmethod
    def resolve_qualifier(obj):
        return None if obj.kind == conferences.Figure.Kind.FORMAT else obj.qualifier


class Figure(Resource):
    kind: one_of(conferences.Figure.Kind)
    value: int | str | None = Field(
        description="The archive's value (a format for the `format` kind)."
    )
    qualifier: one_of(conferences.Qualifier) | None
    range: Range | None = Field(description="Lowest and highest figure when the sources disagree.")
    claims: list[FigureClaim]

    @classmethod
    def of(cls, conference):
        """Each kind of figure: the archive's value and what each published source said,
        as the attributes of this shape (validated with the request, for the links)."""
        agreed = {
            conferences.Figure.Kind.ATTENDEES: (
                conference.attendees,
                conference.attendees_qualifier or None,
            ),
            conferences.Figure.Kind.CONNECTION_POINTS: (conference.connection_points, None),
            conferences.Figure.Kind.PROVINCES: (conference.provinces_participating, None),
            conferences.Figure.Kind.FORMAT: (
                None if conference.format == conferences.Format.UNKNOWN else conference.format,
                None,
            ),
        }
        figures = []
        for kind, (value, qualifier) in agreed.items():
            claims = [figure for figure in conference.figures.all() if figure.kind == kind]
            if value is None and not claims:
                continue
            numbers = {figure.value for figure in claims if figure.value is not None}
            spread = Range(min=min(numbers), max=max(numbers)) if len(numbers) > 1 else None
            figures.append(
                {
                    "kind": kind.value,
                    "value": value,
                    "qualifier": qualifier,
                    "range": spread,
                    "claims": claims,
                }
            )
        return figures


class Organizing(Cited):
    role: one_of(conferences.Organizer.Role)
    as_printed: str


class Organizer(Organizing):
    """An organisation that organised the conference."""

    organization: OrganizationRef


class Organized(Organizing):
    """A conference the organisation organised."""

    conference: Conference


class Taking(Cited):
    role: one_of(conferences.Participation.Role)
    rank_as_printed: str
    title_as_printed: str = Field(description="The title exactly as printed that day.")


class Participant(Taking):
    """Who took part in the conference."""

    official: OfficialRef | None
    organization: OrganizationRef | None = Field(
        description="Set when the article names no person."
    )


class Appearance(Taking):
    """A conference the official or organisation took part in."""

    conference: Conference


class TopicMention(Cited):
    topic: TopicRef
    as_printed: str


class ConferenceSource(Source):
    relation: one_of(conferences.ConferenceSource.Relation)


class ConferenceFact(Cited):
    """Where a source states one of the conference's own facts, in the words printed."""

    kind: one_of(conferences.ConferenceFact.Kind)
    as_printed: str


class ConferenceDetail(Conference):
    summary: str
    summary_en: str = Field(description="The editors' English summary; empty until translated.")
    scope_as_printed: str
    round_as_printed: str = Field(description="The round of a series, as printed (đợt 2).")
    facts: list[ConferenceFact] = Field(
        description="The passages behind the name, date, province, venue, printed scope and "
        "round, and the summary; a fact without one is the archive's own reading."
    )
    figures: list[Figure]
    organizers: list[Organizer]
    participations: list[Participant]
    topics: list[TopicMention]
    sources: list[ConferenceSource]

    @staticmethod
    def resolve_figures(obj):
        return Figure.of(obj)

    @staticmethod
    def resolve_topics(obj):
        return obj.conference_topics.all()


# --- Long lists: a detail shows the latest rows and links to all of them -------------


def latest(name):
    """The `name` list of a detail: its latest rows, which the view puts in `latest_<name>`
    (they may be thousands: a province has had 1,427 conferences)."""
    return Field(
        validation_alias=f"latest_{name}",
        description=f"The latest {LATEST}, newest first; all of them, paged: `{name}_url`.",
    )


def everything(name):
    return Field(description=f"All of `{name}`, newest first, paged.")


# --- Provinces ------------------------------------------------------------------------


class Province(ProvinceRef):
    full_name: str
    kind: one_of(news.Province.Kind)
    region: one_of(news.Region)
    code: str = Field(description="Official code of a current unit; empty otherwise.")
    is_former: bool = Field(description="One of the 63 units in force on 30 June 2025.")


# --- People ---------------------------------------------------------------------------


class Rank(Cited):
    rank: str
    observed: PartialDate

    resolve_observed = staticmethod(observed)


class Holding(Cited):
    title: str
    as_printed: str
    is_former: bool = Field(description="Reported as “nguyên …” (former).")
    observed: PartialDate

    resolve_observed = staticmethod(observed)


class OfficialPosition(Holding):
    organization: OrganizationRef | None


class OrganizationPosition(Holding):
    official: OfficialRef


# --- Articles -------------------------------------------------------------------------


class Image(Resource):
    order: int
    caption: str
    credit: str
    image_url: Uri | None

    @staticmethod
    def resolve_image_url(obj, context):
        return absolute(context, obj.image.url) if obj.image else None


class Report(Resource):
    """A published conference the article reports or mentions."""

    conference: Conference
    relation: one_of(conferences.ConferenceSource.Relation)
    passage: str


class SourceDocument(Resource):
    file_name: str
    sha256: str
    retrieved_at: datetime.datetime | None
    url: Uri = Field(description="The saved page, unchanged.")

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())


class ArticleDetail(Article):
    lead: str
    paragraphs: list[str]
    images: list[Image]
    conferences: list[Report]
    source_document: SourceDocument | None

    @staticmethod
    def resolve_conferences(obj):
        return obj.public_sources


# --- Details with long lists -------------------------------------------------------


class ProvinceDetail(Province):
    aliases: list[str]
    former_units: list[ProvinceLink] = Field(
        description="For a current unit, the former units merged into it."
    )
    conferences: list[Conference] = latest("conferences")
    conferences_url: Uri = everything("conferences")

    @staticmethod
    def resolve_former_units(obj):
        return obj.predecessors.all()

    @staticmethod
    def resolve_conferences_url(obj, context):
        # For a current unit, its former units' too: the list's province filter.
        return api_url(context, "api:conference-list", province=obj.slug)


class TopicDetail(TopicRef):
    description: str
    conferences: list[Conference] = latest("conferences")
    conferences_url: Uri = everything("conferences")

    @staticmethod
    def resolve_conferences_url(obj, context):
        return api_url(context, "api:conference-list", topic=obj.slug)


class OfficialDetail(OfficialRef):
    biography: str
    photo: Uri | None
    ranks: list[Rank]
    positions: list[OfficialPosition]
    participations: list[Appearance] = latest("participations")
    participations_url: Uri = everything("participations")

    @staticmethod
    def resolve_photo(obj, context):
        return absolute(context, obj.photo.url) if obj.photo else None

    @staticmethod
    def resolve_participations_url(obj, context):
        return sublist_url(context, "api:official-participations", obj)


class OrganizationDetail(OrganizationRef):
    description: str
    aliases: list[str]
    parent: OrganizationRef | None
    children: list[OrganizationRef]
    province: ProvinceRef | None
    successor: OrganizationRef | None
    succeeded_on: datetime.date | None
    predecessors: list[OrganizationRef]
    positions: list[OrganizationPosition] = latest("positions")
    positions_url: Uri = everything("positions")
    organized: list[Organized] = latest("organized")
    organized_url: Uri = everything("organized")
    participations: list[Appearance] = latest("participations")
    participations_url: Uri = everything("participations")

    @staticmethod
    def resolve_aliases(obj):
        return [alias.name for alias in obj.aliases.all()]

    @staticmethod
    def resolve_positions_url(obj, context):
        return sublist_url(context, "api:organization-positions", obj)

    @staticmethod
    def resolve_organized_url(obj, context):
        return sublist_url(context, "api:organization-organized", obj)

    @staticmethod
    def resolve_participations_url(obj, context):
        return sublist_url(context, "api:organization-participations", obj)


# --- Lists ----------------------------------------------------------------------------


class Page(Resource):
    count: int
    page: int
    page_size: int
    num_pages: int
    next: Uri | None
    previous: Uri | None


@cache
def paged(item):
    """The list envelope around `item` rows, named after them ("ConferencePage")."""
    return create_model(f"{item.__name__}Page", __base__=Page, results=(list[item], ...))


# --- The index ------------------------------------------------------------------------

# The lists the index links to, by name: their routes.
ENDPOINTS = {
    name: f"api:{name[:-1]}-list"
    for name in ("conferences", "officials", "organizations", "articles", "provinces", "topics")
}
Endpoints = create_model("Endpoints", __base__=Resource, **{name: Uri for name in ENDPOINTS})


class Feeds(Resource):
    conferences: Uri
    articles: Uri


class Index(Resource):
    name: str
    description: str
    openapi: Uri
    endpoints: Endpoints
    feeds: Feeds
    sitemap: Uri
