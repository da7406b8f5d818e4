from wagtail import hooks

from pagecache import tags


@hooks.register("before_serve_page")
def served_page_depends_on_its_children(page, request, serve_args, serve_kwargs):
    # A page may list its children (the careers index does): publishing or removing any of
    # them changes this response even though the new child was never loaded here.
    tags.depends_on(tags.tree_tag(page.path))
