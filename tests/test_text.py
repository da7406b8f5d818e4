"""Rich text as plain text: block elements separate words, inline ones do not."""

from wagtail.rich_text import RichText

import pytest

from careers.facts.text import paragraphs, plain_text


def test_paragraphs_are_separated_by_one_space():
    assert plain_text("<p>It ends here.</p><p>Next one.</p>") == "It ends here. Next one."


def test_list_items_are_separate_words():
    assert plain_text("<ul><li>Python</li><li>SQL</li></ul>") == "Python SQL"


def test_headings_and_line_breaks_separate_words():
    assert plain_text("<h2>Tools</h2>dbt<br>Airflow<br/>Spark") == "Tools dbt Airflow Spark"


def test_div_blockquote_and_table_cells_separate_words():
    markup = (
        "<div>One</div><blockquote>Two</blockquote>"
        "<table><tr><th>Level</th><td>Senior</td></tr><tr><td>Staff</td></tr></table>"
    )
    assert plain_text(markup) == "One Two Level Senior Staff"


def test_inline_elements_do_not_split_a_word():
    assert plain_text("<p><b>Data</b>base and <i>un</i>common</p>") == "Database and uncommon"


def test_entities_are_decoded():
    assert plain_text("<p>Fish &amp; chips &lt;3 &mdash; caf&eacute;&nbsp;day</p>") == (
        "Fish & chips <3 \u2014 caf\u00e9 day"
    )


def test_whitespace_is_collapsed_and_trimmed():
    assert plain_text("  <p>  many\n\t spaces </p>\n\n<p></p> ") == "many spaces"


def test_wagtail_page_links_keep_only_their_text():
    assert plain_text('<p>See <a linktype="page" id="3">the team</a>.</p>') == "See the team."


def test_a_rich_text_value_is_read_from_its_stored_source():
    # str() would render the page link (a query); the stored source gives the same words.
    value = RichText('<p>Fish</p><p><a linktype="page" id="999999">chips</a></p>')
    assert plain_text(value) == "Fish chips"


@pytest.mark.parametrize("empty", [None, "", RichText(""), RichText(None)])
def test_nothing_reads_as_empty_text(empty):
    assert plain_text(empty) == ""


def test_plain_text_without_markup_is_kept():
    assert plain_text("A plain intro, 5 < 6.") == "A plain intro, 5 < 6."


def test_script_and_style_content_is_not_text():
    assert plain_text("<p>Hi</p><script>alert(1)</script><style>p{}</style>") == "Hi"


def test_paragraphs_lists_each_block_once():
    assert paragraphs("<p>One</p>\n<ul><li>Two</li><li></li></ul><p>Three <b>3</b></p>") == [
        "One",
        "Two",
        "Three 3",
    ]


def test_a_quoted_angle_bracket_in_an_attribute_stays_inside_its_tag():
    markup = "<p><a href=\"https://example.com/?q=a>b\" title='x>y'>Jobs</a><!-- note --></p>"
    assert plain_text(markup) == "Jobs"
