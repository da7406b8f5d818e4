"""The page link handler that answers from careers.richtext's batch."""

from wagtail.rich_text.pages import PageLinkHandler

from careers.richtext import current_batch


class BatchedPageLinkHandler(PageLinkHandler):
    """Page links that read from the current batch before asking the database."""

    @classmethod
    def get_many(cls, attrs_list: list[dict]):
        batch = current_batch()
        if batch is None:
            return super().get_many(attrs_list)
        wanted = [str(attrs.get("id")) for attrs in attrs_list]
        unknown = [attrs for attrs, pid in zip(attrs_list, wanted, strict=True) if pid not in batch]
        if unknown:
            for attrs, page in zip(unknown, super().get_many(unknown), strict=True):
                batch[str(attrs.get("id"))] = page
        return [batch.get(pid) for pid in wanted]
