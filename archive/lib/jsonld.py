"""schema.org JSON-LD for the public pages: a page's own object and its references."""

SCHEMA_ORG = "https://schema.org"


def thing(request, schema_type, obj, name=None, **properties):
    """{"@type", "name", "url"} for a record with a public page, plus `properties`."""
    return {
        "@type": schema_type,
        "name": str(obj) if name is None else name,
        "url": request.build_absolute_uri(obj.get_absolute_url()),
        **properties,
    }


def document(request, schema_type, obj, name=None, **properties):
    """The page's top-level object: a `thing` with the schema.org context."""
    return {"@context": SCHEMA_ORG, **thing(request, schema_type, obj, name, **properties)}
