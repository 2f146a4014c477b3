"""The OpenAPI 3.1 description of the JSON API in `api.py`, served at /api/openapi.json.

Every object lists all its properties as required and forbids others, so the tests that
validate real responses against it fail as soon as the two drift apart. Enumerations come
from the models' choices.
"""

from archive.lib.dates import Precision
from archive.models import Article, Province, Region
from conferences.filters import ConferenceFilter
from conferences.models import (
    Conference,
    ConferenceSource,
    Figure,
    Format,
    Organizer,
    Participation,
    Qualifier,
    Scope,
)
from people.models import Organization

from .views import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, YEARS, api_view

STRING = {"type": "string"}
URI = {"type": "string", "format": "uri"}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer"}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    if set(schema) == {"type"} or set(schema) == {"type", "format"}:
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def enum(choices, null=False):
    values = list(choices.values)
    return {"type": ["string", "null"], "enum": [*values, None]} if null else {"enum": values}


def array(items):
    return {"type": "array", "items": items}


def obj(properties, description=None):
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


LINKS = {
    "url": {**URI, "description": "This record in the API."},
    "html_url": {**URI, "description": "This record's public page."},
}

PARTIAL_DATE = {
    "date": {
        "type": ["string", "null"],
        "format": "date",
        "description": "For a month or year precision, the first day of that period.",
    },
    "precision": enum(Precision),
    "display": {**STRING, "description": "The date at its precision: 12/4/2023, 4/2023, 2023."},
}

PROVINCE_LINK = {"slug": STRING, "name": STRING, **LINKS}
PROVINCE_REF = {
    "slug": STRING,
    "name": STRING,
    "label": {**STRING, "description": "“Vĩnh Phúc (nay thuộc Phú Thọ)” for a former unit."},
    "is_current": {**BOOLEAN, "description": "In force from 1 July 2025."},
    "now_part_of": nullable(ref("ProvinceLink")),
    **LINKS,
}
PROVINCE = {
    **PROVINCE_REF,
    "full_name": STRING,
    "kind": enum(Province.Kind),
    "region": enum(Region),
    "code": {**STRING, "description": "Official code of a current unit; empty otherwise."},
    "is_former": {**BOOLEAN, "description": "In force until 30 June 2025."},
}

OFFICIAL_REF = {"slug": STRING, "full_name": STRING, **LINKS}
ORGANIZATION_REF = {
    "slug": STRING,
    "name": STRING,
    "abbreviation": STRING,
    "kind": enum(Organization.Kind),
    **LINKS,
}
TOPIC_REF = {"slug": STRING, "name": STRING, **LINKS}

ARTICLE = {
    "slug": STRING,
    "title": STRING,
    "title_supplied": {**BOOLEAN, "description": "The title was given by the archive."},
    "outlet": nullable(ref("Outlet")),
    "outlet_published_at": {"type": ["string", "null"], "format": "date-time"},
    "outlet_published_precision": enum(Article.TimePrecision),
    "byline": STRING,
    "original_url": nullable(URI),
    **LINKS,
}

CONFERENCE = {
    "slug": STRING,
    "name": {**STRING, "description": "As the articles report it."},
    "kind": enum(Conference.Kind),
    "scope": enum(Scope),
    "format": enum(Format),
    "date": ref("ConferenceDate"),
    "province": {
        **nullable(ref("ProvinceRef")),
        "description": "The province as it was on the conference's date.",
    },
    "venue": STRING,
    **LINKS,
}

SOURCE = {
    "article": ref("Article"),
    "passage": {**STRING, "description": "The passage that states the fact, verbatim."},
}
PARTICIPATION = {
    "role": enum(Participation.Role),
    "rank_as_printed": STRING,
    "title_as_printed": {**STRING, "description": "The title exactly as printed that day."},
    "source": ref("Source"),
}
POSITION = {
    "title": STRING,
    "as_printed": STRING,
    "is_former": {**BOOLEAN, "description": "Reported as “nguyên …” (former)."},
    "observed": ref("PartialDate"),
    "source": ref("Source"),
}

SCHEMAS = {
    "Error": obj(
        {"error": STRING, "field": {"type": ["string", "null"]}},
        "The parameter at fault in `field`, or null.",
    ),
    "PartialDate": obj(PARTIAL_DATE),
    "ConferenceDate": obj(
        {
            **PARTIAL_DATE,
            "end_date": {"type": ["string", "null"], "format": "date"},
            "as_printed": STRING,
        }
    ),
    "ProvinceLink": obj(PROVINCE_LINK),
    "ProvinceRef": obj(PROVINCE_REF),
    "Province": obj(PROVINCE),
    "ProvinceDetail": obj(
        {
            **PROVINCE,
            "aliases": array(STRING),
            "former_units": {
                **array(ref("ProvinceLink")),
                "description": "For a current unit, the former units merged into it.",
            },
            "conferences": {
                **array(ref("Conference")),
                "description": "For a current unit, its former units' too.",
            },
        }
    ),
    "OfficialRef": obj(OFFICIAL_REF),
    "OrganizationRef": obj(ORGANIZATION_REF),
    "TopicRef": obj(TOPIC_REF),
    "Outlet": obj({"slug": STRING, "name": STRING, "website": STRING}),
    "Article": obj(ARTICLE),
    "Source": obj(SOURCE, "Where a fact is written."),
    "Conference": obj(CONFERENCE),
    "FigureClaim": obj(
        {
            "value": {"type": ["integer", "string", "null"]},
            "qualifier": enum(Qualifier, null=True),
            "as_printed": STRING,
            "source": ref("Source"),
        },
        "What one source said; `value` is a format for the `format` kind.",
    ),
    "Figure": obj(
        {
            "kind": enum(Figure.Kind),
            "value": {
                "type": ["integer", "string", "null"],
                "description": "The archive's value (a format for the `format` kind).",
            },
            "qualifier": enum(Qualifier, null=True),
            "range": {
                **nullable(obj({"min": INTEGER, "max": INTEGER})),
                "description": "Lowest and highest figure when the sources disagree.",
            },
            "claims": array(ref("FigureClaim")),
        }
    ),
    "ConferenceDetail": obj(
        {
            **CONFERENCE,
            "summary": STRING,
            "scope_as_printed": STRING,
            "figures": array(ref("Figure")),
            "organizers": array(
                obj(
                    {
                        "organization": ref("OrganizationRef"),
                        "role": enum(Organizer.Role),
                        "as_printed": STRING,
                        "source": ref("Source"),
                    }
                )
            ),
            "participations": array(
                obj(
                    {
                        "official": nullable(ref("OfficialRef")),
                        "organization": {
                            **nullable(ref("OrganizationRef")),
                            "description": "Set when the article names no person.",
                        },
                        **PARTICIPATION,
                    }
                )
            ),
            "topics": array(
                obj({"topic": ref("TopicRef"), "as_printed": STRING, "source": ref("Source")})
            ),
            "sources": array(obj({**SOURCE, "relation": enum(ConferenceSource.Relation)})),
        }
    ),
    "OfficialDetail": obj(
        {
            **OFFICIAL_REF,
            "biography": STRING,
            "photo": nullable(URI),
            "ranks": array(
                obj({"rank": STRING, "observed": ref("PartialDate"), "source": ref("Source")})
            ),
            "positions": array(obj({"organization": nullable(ref("OrganizationRef")), **POSITION})),
            "participations": array(obj({"conference": ref("Conference"), **PARTICIPATION})),
        }
    ),
    "OrganizationDetail": obj(
        {
            **ORGANIZATION_REF,
            "description": STRING,
            "aliases": array(STRING),
            "parent": nullable(ref("OrganizationRef")),
            "children": array(ref("OrganizationRef")),
            "province": nullable(ref("ProvinceRef")),
            "successor": nullable(ref("OrganizationRef")),
            "succeeded_on": {"type": ["string", "null"], "format": "date"},
            "predecessors": array(ref("OrganizationRef")),
            "positions": array(obj({"official": ref("OfficialRef"), **POSITION})),
            "organized": array(
                obj(
                    {
                        "conference": ref("Conference"),
                        "role": enum(Organizer.Role),
                        "as_printed": STRING,
                        "source": ref("Source"),
                    }
                )
            ),
            "participations": {
                **array(obj({"conference": ref("Conference"), **PARTICIPATION})),
                "description": "Where it presented without a named person.",
            },
        }
    ),
    "ArticleDetail": obj(
        {
            **ARTICLE,
            "lead": STRING,
            "paragraphs": array(STRING),
            "images": array(
                obj(
                    {
                        "order": INTEGER,
                        "caption": STRING,
                        "credit": STRING,
                        "image_url": nullable(URI),
                    }
                )
            ),
            "conferences": array(
                obj(
                    {
                        "conference": ref("Conference"),
                        "relation": enum(ConferenceSource.Relation),
                        "passage": STRING,
                    }
                )
            ),
            "source_document": nullable(
                obj(
                    {
                        "file_name": STRING,
                        "sha256": STRING,
                        "retrieved_at": {"type": ["string", "null"], "format": "date-time"},
                        "url": {**URI, "description": "The saved page, unchanged."},
                    },
                )
            ),
        }
    ),
    "TopicDetail": obj(
        {**TOPIC_REF, "description": STRING, "conferences": array(ref("Conference"))}
    ),
    "Index": obj(
        {
            "name": STRING,
            "description": STRING,
            "openapi": URI,
            "endpoints": obj(
                {
                    name: URI
                    for name in (
                        "conferences",
                        "officials",
                        "organizations",
                        "articles",
                        "provinces",
                        "topics",
                    )
                }
            ),
            "feeds": obj({"conferences": URI, "articles": URI}),
            "sitemap": URI,
        }
    ),
}


def page_of(name):
    return obj(
        {
            "count": INTEGER,
            "page": INTEGER,
            "page_size": INTEGER,
            "num_pages": INTEGER,
            "next": nullable(URI),
            "previous": nullable(URI),
            "results": array(ref(name)),
        }
    )


def query(name, description, schema=STRING):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def slug_query(name, description):
    return query(name, f"{description} Unknown slug: 400.")


def filter_choices(name):
    """The values the public list's filter accepts for `name`."""
    return {
        "enum": [value for value, _label in ConferenceFilter.base_filters[name].extra["choices"]]
    }


PARAMETERS = {
    "page": query(
        "page", "Page number, from 1. Beyond the last page: 400.", {"type": "integer", "minimum": 1}
    ),
    "page_size": query(
        "page_size",
        f"Rows per page (default {DEFAULT_PAGE_SIZE}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    ),
    "q": query(
        "q",
        "Search, accent-insensitive (“vinh phuc” finds “Vĩnh Phúc”).",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
    ),
    "slug": {"name": "slug", "in": "path", "required": True, "schema": STRING},
}
PAGING = [{"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/page_size"}]
SEARCH = {"$ref": "#/components/parameters/q"}
SLUG = {"$ref": "#/components/parameters/slug"}

CONFERENCE_FILTERS = [
    slug_query(
        "province",
        "Province slug. A current unit includes the former units merged into it; "
        "a former unit matches exactly.",
    ),
    query(
        "year",
        "Year of the conference.",
        {"type": "integer", "minimum": YEARS.start, "maximum": YEARS.stop - 1},
    ),
    slug_query("organizer", "Organisation slug: conferences it organised or co-organised."),
    slug_query("official", "Official slug: conferences the official took part in."),
    slug_query("topic", "Topic slug."),
    query("format", "Format.", filter_choices("format")),
    query("scope", "Scope.", filter_choices("scope")),
    query(
        "sort",
        "Order: newest first (default), oldest first, or by name.",
        filter_choices("sort"),
    ),
    SEARCH,
]


def json_response(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {"400": {"$ref": "#/components/responses/BadRequest"}}
NOT_FOUND = {"404": {"$ref": "#/components/responses/NotFound"}}


def operation(summary, schema, parameters=(), responses=None, operation_id=None):
    """A GET operation answering `schema` as JSON."""
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": list(parameters),
            "responses": {"200": json_response("OK", schema), **(responses or {})},
        }
    }


def list_and_detail(plural, item, detail, parameters, list_summary, detail_summary):
    return {
        f"/api/{plural}/": operation(
            list_summary, page_of(item), [*parameters, *PAGING], ERRORS, f"list_{plural}"
        ),
        f"/api/{plural}/{{slug}}/": operation(
            detail_summary, ref(detail), [SLUG], NOT_FOUND, f"get_{plural}"
        ),
    }


PATHS = {
    "/api/": operation("Links to every endpoint.", ref("Index"), operation_id="index"),
    "/api/openapi.json": operation("This description.", {"type": "object"}, operation_id="openapi"),
    **list_and_detail(
        "conferences",
        "Conference",
        "ConferenceDetail",
        CONFERENCE_FILTERS,
        "Published conferences, newest first, filtered like the public list.",
        "One published conference with its figures, people, topics and sources.",
    ),
    **list_and_detail(
        "officials",
        "OfficialRef",
        "OfficialDetail",
        [SEARCH],
        "Officials, by given name.",
        "One official: ranks, positions and appearances at published conferences.",
    ),
    **list_and_detail(
        "organizations",
        "OrganizationRef",
        "OrganizationDetail",
        [SEARCH],
        "Organisations, by name.",
        "One organisation: hierarchy, aliases, people and published conferences.",
    ),
    **list_and_detail(
        "articles",
        "Article",
        "ArticleDetail",
        [slug_query("outlet", "Outlet slug."), SEARCH],
        "Published articles, newest first.",
        "One published article with its body, images and the conferences it reports.",
    ),
    **list_and_detail(
        "provinces",
        "Province",
        "ProvinceDetail",
        [],
        "Provincial units before and after the 2025 merger.",
        "One provincial unit with its published conferences.",
    ),
    **list_and_detail(
        "topics",
        "TopicRef",
        "TopicDetail",
        [],
        "Topics presented at conferences.",
        "One topic with the published conferences that presented it.",
    ),
}


@api_view
def openapi(request):
    return openapi_document()


def openapi_document():
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Lưu trữ hội nghị tập huấn nhân quyền — API",
            "version": "1.0.0",
            "description": (
                "Read-only JSON API over the archive's published records. Every fact comes "
                "with its source: the article and the passage that states it, verbatim. "
                'Drafts never appear. Errors: `{"error": ..., "field": ...}`.'
            ),
        },
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "parameters": PARAMETERS,
            "responses": {
                "BadRequest": json_response("A malformed or unknown parameter.", ref("Error")),
                "NotFound": json_response("No such published record.", ref("Error")),
            },
        },
    }
