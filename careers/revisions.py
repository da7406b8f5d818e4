"""Saving a role page's content as a revision: the one write the importer and the API share."""

from __future__ import annotations

from wagtail.models import Page, Revision

from careers.models import RolePage


def save_role_revision(
    page: RolePage,
    user,
    *,
    parent: Page | None = None,
    publish: bool = False,
    log_action: bool | str = True,
    clean: bool = True,
) -> Revision:
    """Save ``page``'s fields as its latest revision, and publish that revision when asked.

    A new page goes under ``parent`` first (Wagtail saves a revision only for a page in the
    tree). The caller holds the transaction, so a run of writes is one atomic change.
    ``log_action`` is Wagtail's: ``True`` logs an edit, ``"wagtail.create"`` a creation.
    """
    if parent is not None:
        parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=log_action, clean=clean)
    if publish:
        revision.publish(user=user, log_action=True)
    return revision
