from wagtail import hooks

from careers.link_handlers import BatchedPageLinkHandler


@hooks.register("register_rich_text_features", order=100)
def register_batched_page_links(features):
    # Replaces Wagtail's "page" link handler; same output, batched lookups.
    features.register_link_type(BatchedPageLinkHandler)


from careers.editorial import hooks  # noqa: E402, F401 - registers the content checks' admin URLs
