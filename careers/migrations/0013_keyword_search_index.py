"""Indexes for the /careers/ keyword filter and site search, on PostgreSQL only.

The keyword filter is ``UPPER(text) LIKE UPPER('%word%')`` per word (careers.find.filters):
trigram GIN indexes (pg_trgm) serve that, one over the role's searched columns joined by
spaces (the exact expression ``KeywordText`` renders), and one each over role names and page
titles (site search puts name matches first, careers.find.search.name_candidates). Wagtail's
database search backend matches ``(title || body) @@ tsquery`` on its index entries; its own
GIN indexes cover each column alone, so without an index on the concatenation every search
read every entry. SQLite has neither operator class; its filter and FTS5 search are unchanged.
"""

from django.db import migrations

INDEXES = [
    (
        "careers_role_keyword_trgm",
        "careers_rolepage",
        "UPPER((role_name || ' ' || intro || ' ' || skills_text || ' ' || faq_text)) gin_trgm_ops",
    ),
    ("careers_role_name_trgm", "careers_rolepage", "UPPER(role_name::text) gin_trgm_ops"),
    ("careers_page_title_trgm", "wagtailcore_page", "UPPER(title::text) gin_trgm_ops"),
    ("careers_search_entry_vector", "wagtailsearch_indexentry", "(title || body)"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0012_role_salary_levels"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
