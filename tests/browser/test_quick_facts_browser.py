"""The role page's quick facts are in the first screen (#17 point 2), measured in Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FOLD = 800


@pytest.mark.parametrize("width", [390, 1280])
def test_quick_facts_and_apply_button_are_above_the_fold(live_site, make_page, width):
    page = make_page(width, FOLD)
    page.goto(live_site.url(live_site.role.url))
    for selector in (".quick-facts dl", ".quick-facts a.button"):
        box = page.locator(selector).bounding_box()
        assert box is not None, f"{selector} is not rendered at {width}px"
        assert box["height"] > 0 and box["width"] > 0, f"{selector} has no size at {width}px"
        assert box["y"] >= 0 and box["y"] + box["height"] <= FOLD, (
            f"{selector} ends at {box['y'] + box['height']:.0f}px, below the {FOLD}px fold "
            f"at {width}px"
        )
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (
            f"{selector} overflows the {width}px viewport sideways"
        )
    # Every quick fact is shown, none hidden by the compact layout.
    terms = page.locator(".quick-facts dt").all_inner_texts()
    assert terms[:4] == ["Base salary", "Total-comp uplift", "Intern pay", "Levels"]
