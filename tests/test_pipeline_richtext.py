"""The rich-text notation both ways (careers.pipeline.richtext): pure, no database."""

import re

import pytest

from careers.pipeline import richtext
from careers.pipeline.parse import parse_document
from careers.pipeline.richtext import RichTextError, problems, to_html, to_lines

PAGES = {"/careers/data-engineer/": 7, "12": 12}


def page_id(ref):
    return PAGES.get(ref)


def page_ref(page):
    return {"7": "/careers/data-engineer/"}.get(page, page)


def without_keys(html):
    return re.sub(r' data-block-key="[^"]*"', "", html).replace("<p></p>", "")


@pytest.mark.parametrize(
    ("lines", "html"),
    [
        (["Plain & <simple>."], "<p>Plain &amp; &lt;simple&gt;.</p>"),
        (["A **bold** word"], "<p>A <b>bold</b> word</p>"),
        (["An *italic* word"], "<p>An <i>italic</i> word</p>"),
        (["***both***"], "<p><b><i>both</i></b></p>"),
        (["**bold *both*** *italic*"], "<p><b>bold <i>both</i></b> <i>italic</i></p>"),
        (
            ["[a link](https://example.com/?a=1&b=2)"],
            '<p><a href="https://example.com/?a=1&amp;b=2">a link</a></p>',
        ),
        (
            ["[**a page**](page:/careers/data-engineer/)"],
            '<p><a linktype="page" id="7"><b>a page</b></a></p>',
        ),
        (["[by id](page:12)"], '<p><a linktype="page" id="12">by id</a></p>'),
        (
            ["- one", "- two", "1. first"],
            "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>",
        ),
        (["### Big", "#### Small"], "<h3>Big</h3><h4>Small</h4>"),
        (["first\\", "second"], "<p>first<br/>second</p>"),
        (["\\*not\\* \\[a\\](link) \\\\"], "<p>*not* [a](link) \\</p>"),
        (["\\- not a list", "\\1. nor this"], "<p>- not a list</p><p>1. nor this</p>"),
        (["[1] is just brackets"], "<p>[1] is just brackets</p>"),
    ],
)
def test_text_to_html(lines, html):
    assert to_html(lines, page_id) == html


# What Wagtail's editor (Draftail) stores, with its block keys: each reads back exactly.
EDITOR_HTML = [
    '<p data-block-key="a"><b>bold <i>both</i></b><i> italic</i></p>',
    '<p data-block-key="b"><a href="https://example.com/a?b=1&amp;c=2">link <b>bold</b> here</a></p>',
    '<p data-block-key="c"><a linktype="page" id="7"><i>pg</i> link</a></p>',
    '<ul><li data-block-key="d">item one</li><li data-block-key="e">item two</li></ul>'
    '<ol><li data-block-key="f">num</li></ol><h3 data-block-key="g">Head</h3>'
    '<h4 data-block-key="h">Sub</h4>',
    '<p data-block-key="i">a &amp; b &lt; c "q" it\'s</p><p data-block-key="j">line<br/>break</p>',
    '<p data-block-key="k"><b>it </b><a href="https://e.com/a b&quot;c)"><b><i>ab</i></b></a>'
    "<i> cd</i></p>",
    '<p data-block-key="l"><i>x &gt; y</i></p><p data-block-key="m"></p>',
    "<p>- not a list * [x] \\ 1. y</p><p>1. no</p><p># no</p><p>**</p>",
]


@pytest.mark.parametrize("html", EDITOR_HTML)
def test_editor_html_round_trips(html):
    assert to_html(to_lines(html, page_ref), page_id) == without_keys(html)


def test_html_to_text_writes_the_notation():
    html = (
        '<p>Use <b>SQL</b>, <i>Python</i> and <a linktype="page" id="7">our guide</a>.</p>'
        "<ul><li>one</li></ul><ol><li>a</li><li>b</li></ol><h3>More</h3><p>see<br/>this</p>"
    )
    assert to_lines(html, page_ref) == [
        "Use **SQL**, *Python* and [our guide](page:/careers/data-engineer/).",
        "- one",
        "1. a",
        "2. b",
        "### More",
        "see\\",
        "this",
    ]


def test_targets_with_parentheses_and_backslashes_are_escaped():
    html = '<p><a href="https://e.com/a_(b)\\c">x</a></p>'
    [line] = to_lines(html, page_ref)
    assert line == "[x](https://e.com/a_(b\\)\\\\c)"
    assert to_html([line], page_id) == html


@pytest.mark.parametrize(
    ("lines", "index", "message"),
    [
        (["ok", "an **unclosed bold"], 1, 'unclosed "**" (bold)'),
        (["5 * 3"], 0, 'unclosed "*" (italic); write \\* for a literal asterisk'),
        (["****"], 0, "4 asterisks in a row"),
        (["[x](www.example.com)"], 0, "must start with https://"),
        (["[x](page:careers)"], 0, 'must name the page by its path, e.g. "page:/careers/'),
        (["a\\"], 0, None),
    ],
)
def test_problems_name_the_line(lines, index, message):
    found = problems(lines)
    if message is None:
        assert found == []
        return
    [(where, text)] = found
    assert where == index and message in text


def test_an_unknown_page_is_an_error_at_its_line():
    with pytest.raises(RichTextError) as caught:
        to_html(["fine", "see [this](page:/careers/nope/)"], page_id)
    assert caught.value.index == 1
    assert caught.value.message == 'the page link "page:/careers/nope/" names no page'


def test_styles_continue_across_a_line_break():
    assert to_html(["**one\\", "two**"], page_id) == "<p><b>one<br/>two</b></p>"


def test_javascript_links_are_not_links():
    assert problems(["[x](javascript:alert(1))"])
    assert to_lines('<p><a href="javascript:alert(1)">x</a></p>', page_ref) == [
        "[x](javascript:alert(1\\))"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [("- item", True), ("1. item", True), ("### h", True), ("\\Skills", True), ("Skills", False)],
)
def test_guarded_lines(line, expected):
    assert richtext.guarded(line) is expected


def test_page_links_lists_every_page_link_with_its_line():
    lines = ["[a](page:/x/) and [b](https://e.com)", "- [c](page:3)"]
    assert richtext.page_links(lines) == [(0, "/x/"), (1, "3")]


def test_a_block_never_ends_in_a_line_break_that_would_swallow_the_next_line():
    lines = to_lines("<p>a<br/></p><p> <b> </b>b</p>", page_ref)
    assert lines == ["a", "b"]
    assert to_html(lines, page_id) == "<p>a</p><p>b</p>"


DOC = """Data Engineer Jobs & Internships 2026
Data engineers build pipelines.
What Does a Data Engineer Do?
They **build** things.
### How they work
- with SQL
\\Career Path
Required Skills & Qualifications
- ✓SQL
"""


def test_the_parser_keeps_rich_lines_in_their_section():
    result = parse_document(DOC, "de.txt")
    assert result.errors == []
    overview, skills = result.document.sections
    assert overview.paragraphs == (
        "They **build** things.",
        "### How they work",
        "- with SQL",
        "\\Career Path",
    )
    assert overview.paragraph_lines == (4, 5, 6, 7)
    assert skills.items == ("SQL",)


def test_the_parser_reports_bad_rich_text_at_its_line():
    result = parse_document(DOC.replace("They **build** things.", "5 * 3"), "de.txt")
    [error] = result.errors
    assert str(error).startswith('de.txt:4: unclosed "*" (italic)')


def test_a_hinted_heading_still_opens_a_section():
    result = parse_document(DOC.replace("### How they work", "### Where {text}"), "de.txt")
    assert [s.kind for s in result.document.sections] == ["overview", "text", "skills"]
