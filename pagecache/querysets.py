"""Page querysets that record what a cached response was built from, whatever they return.

Loading page instances records their ``page:<id>`` tags (``signals.on_page_loaded``), but a
query that returns plain values (``values_list``, ``count``, ``exists``) loads no instance,
and a listing depends on pages it did not return: the next page to be published. So every
evaluation of these querysets while a response is being cached records, by itself:

- a query limited to given primary keys (``pk=5``, ``pk__in=[...]``, ``in_bulk``): those pages;
- any other query (a listing): its model's collection tag, bumped by any change to a page
  of that type, so a newly published page invalidates every listing that could show it.

A page model opts in with ``objects = DependencyPageManager()``; views then cannot forget.
"""

from __future__ import annotations

from django.db.models.expressions import Col
from django.db.models.lookups import Exact, In
from django.db.models.sql.where import AND, WhereNode

from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from pagecache import tags


def _is_value(value) -> bool:
    return not hasattr(value, "resolve_expression")


def _is_primary_key(lhs, query) -> bool:
    """The model's own primary key column (or a parent table's, under multi-table inheritance)."""
    if not isinstance(lhs, Col) or not lhs.target.primary_key:
        return False
    own_tables = {model._meta.db_table for model in query.model._meta.get_parent_list()}
    own_tables.add(query.model._meta.db_table)
    return lhs.alias in own_tables and issubclass(query.model, lhs.target.model)


def _restricted_pks(node: WhereNode, query) -> list | None:
    """The primary keys a WHERE clause limits rows to, or None when any row may match."""
    if node.connector != AND or node.negated:
        return None
    for child in node.children:
        if isinstance(child, WhereNode):
            found = _restricted_pks(child, query)
            if found is not None:
                return found
        elif isinstance(child, Exact) and _is_primary_key(child.lhs, query):
            if _is_value(child.rhs):
                return [child.rhs]
        elif isinstance(child, In) and _is_primary_key(child.lhs, query):
            values = child.rhs
            if isinstance(values, list | tuple | set | frozenset) and all(map(_is_value, values)):
                return list(values)
    return None


def record_dependencies(queryset) -> None:
    """Record what evaluating ``queryset`` makes the response being cached depend on."""
    if not tags.recording():
        return
    pks = _restricted_pks(queryset.query.where, queryset.query)
    if pks is None:
        tags.depends_on(tags.collection_tag(queryset.model))
    else:
        # Also the pages not found: publishing one of them changes what this query returns.
        tags.depends_on(*(tags.page_tag(pk) for pk in pks))


class DependencyPageQuerySet(PageQuerySet):
    """A PageQuerySet whose every way of reading rows records the response's dependencies."""

    def _fetch_all(self):
        if self._result_cache is None:
            record_dependencies(self)
        super()._fetch_all()

    def _iterator(self, use_chunked_fetch, chunk_size):
        record_dependencies(self)
        yield from super()._iterator(use_chunked_fetch, chunk_size)

    def count(self):
        if self._result_cache is None:
            record_dependencies(self)
        return super().count()

    def exists(self):
        if self._result_cache is None:
            record_dependencies(self)
        return super().exists()

    def aggregate(self, *args, **kwargs):
        record_dependencies(self)
        return super().aggregate(*args, **kwargs)


class DependencyPageManager(PageManager.from_queryset(DependencyPageQuerySet)):
    """The manager for page models read by public views (see the module docstring)."""
