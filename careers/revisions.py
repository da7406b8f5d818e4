"""Saving a role page's content as a revision: the one write the importer and the API share."""

from __future__ import annotations

from wagtail.log_actions import log
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
    log_data: dict | None = None,
) -> Revision:
    """Save ``page``'s fields as its latest revision, and publish that revision when asked.

    A new page goes under ``parent`` first (Wagtail saves a revision only for a page in the
    tree). The caller holds the transaction, so a run of writes is one atomic change.
    ``log_action`` is Wagtail's: ``True`` logs an edit, ``"wagtail.create"`` a creation.
    ``log_data`` goes into that log entry's data (the importer records which document made
    the revision there, so a later import can tell its own revisions from an editor's).
    """
    if parent is not None:
        parent.add_child(instance=page)
    if log_data is None or not log_action:
        revision = page.save_revision(user=user, log_action=log_action, clean=clean)
    else:
        # Wagtail's save_revision logs no data; log the same entry with the data instead.
        revision = page.save_revision(user=user, log_action=False, clean=clean)
        action = log_action if isinstance(log_action, str) else "wagtail.edit"
        log(
            instance=page,
            action=action,
            user=user,
            revision=revision,
            content_changed=True,
            data=log_data,
        )
    if publish:
        revision.publish(user=user, log_action=True)
    return revision
