"""/api/v3/docs/ works in a real browser with nothing loaded from another host."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_the_typed_schema_offline(live_site, page):
    page.goto(live_site.url("/api/v3/docs/"))
    page.wait_for_selector(".opblock", timeout=20_000)
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert (
        "/api/v3/pages/" in operations and "/api/v3/pages/{page_id}/actions/publish/" in operations
    )
    # The block schemas generated from RoleStreamBlock are listed as named models.
    models = page.locator("section.models")
    models.wait_for()
    assert "SalaryRowBlockValue" in models.inner_text()
    assert "RoleStreamBlockItemInput" in models.inner_text()
    hosts = {urlsplit(url).hostname for url in page.log.requests if url.startswith("http")}
    assert hosts == {urlsplit(live_site.base_url).hostname}, page.log.requests
    assert page.log.page_errors == []
    assert [failure for failure in page.log.failed if "favicon" not in failure] == []
