"""Role pages: where each rule lives.

- ``models``, ``blocks``, ``taxonomy``, ``validators``: the model layer (pages, the body's
  blocks, role families, field validators). It imports no API, find or pipeline code.
- ``facts/``: the pure rules, each written once — ``salary`` (limits, ranges, bounds,
  currency, formatting, the source line), ``sections`` (names, labels, single, required),
  ``language`` (articles, generated headings), ``site`` (organisation name, apply text),
  ``characters`` (unstorable and one-line characters), ``text`` (``plain_text``).
- ``serializers``: a page as JSON (both APIs, the headless preview, import and export).
- ``blockerrors``: Wagtail's block validation errors ↔ value paths.
- ``revisions``: the one function that saves (and publishes) a revision.
- ``params``: what a query parameter or JSON body may hold.
- ``editorial/``: content checks, the editor's panel and publish gate, the review workflow.
- ``seo/``: head metadata, JSON-LD, social cards, robots.txt.
- ``find/``: listing filters (the one filter vocabulary), search, related roles, compare.
- ``api/``: API v2 and v3, the OpenAPI schema, writes, query parsing.
- ``pipeline/``: the text format's pure parser, loading into pages, export.
- ``testing/``: factories, block builders and sample documents.
"""
