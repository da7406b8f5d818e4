"""A server-side response cache for public pages and API reads that is never stale.

Every cached response records the *dependency tags* it was built from (the pages it loaded,
the child list of the page it served, ...) together with the tag values current at the time.
Publishing, unpublishing, moving or deleting a page gives the affected tags new values, so
the next lookup sees a mismatch and renders afresh. See docs/scaling.md.
"""
