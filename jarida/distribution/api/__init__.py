"""The public JSON API at `/api/v1/`: articles, sections, authors and search, read-only.

Why django-ninja rather than Wagtail's API v2 (`wagtail.api`, on Django REST framework):

- One truth. Every endpoint here starts from `ArticlePage.objects.published()`, in plain view
  functions you can read. Wagtail's page endpoint filters with `live().public()` inside its
  own viewset, which would serve an expired article the scheduler has not yet unpublished
  (and a taken-down one) unless we overrode its queryset plumbing.
- The contract. Ninja derives an OpenAPI 3.1 schema from typed pydantic schemas, served at
  `/api/v1/openapi.json`, which schemathesis and app developers consume as is. Wagtail's API
  has dynamic `fields=` selection and no generated schema.
- Cursor pagination stable under inserts: a keyset on (first_published_at, id), which is a
  few lines here and would be a custom paginator fighting Wagtail's `offset`/`limit` design.
- Shape: articles carry section, authors, tags, photo credit and the body as HTML with
  absolute URLs and as plain text; in Wagtail's API that is a serializer per field anyway.

ETags (304 on `If-None-Match`) and CORS (origins from `API_CORS_ALLOWED_ORIGINS`, preflight
included) wrap every API URL in `http.py`.
"""
