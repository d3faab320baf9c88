"""The plain-text formatting of the content editor: a small Markdown subset to safe HTML and back."""
import pytest

from collective.text_format import html_to_markdown, markdown_to_html

SAMPLES = [
    "Hello **world** and *you*.\nA second line with `code` and [a link](https://example.com/a?b=1&c=2).",
    "## What you get\n\n- One\n- Two **bold**\n\n1. First\n2. Second\n\n> quoted\n> more\n\n---\n\n```\nprint('<hi>')\n```",
    "Price: 5 * 3 = 15, snake_case_name, [not a link](javascript:alert(1)) and \\- a dash",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_text_survives_a_round_trip(text):
    html = markdown_to_html(text)
    assert markdown_to_html(html_to_markdown(html)) == html


def test_formatting_becomes_html():
    html = markdown_to_html("## Plans\n\n- **Solo**: one seat\n- [Docs](https://docs.example)")
    assert html.startswith("<h2>Plans</h2><ul><li><strong>Solo</strong>: one seat</li>")
    assert '<a href="https://docs.example" rel="noopener noreferrer nofollow">Docs</a>' in html


def test_html_and_unsafe_links_stay_text():
    html = markdown_to_html('<b onclick="x">hi</b> [click](javascript:alert(1))')
    assert "<b" not in html and "&lt;b onclick" in html and "href" not in html


def test_stored_admin_html_turns_into_editable_text():
    text = html_to_markdown('<p>Hi <b>there</b> <a href="https://x.example">x</a></p><h3>Small</h3><ol><li>a</li></ol>')
    assert text == "Hi **there** [x](https://x.example)\n\n### Small\n\n1. a"
