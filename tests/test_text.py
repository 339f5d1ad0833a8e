"""Authored text and numbers as learners see them."""

from fractions import Fraction

from caseapp.text import points, render_markdown


def test_points_show_whole_numbers_plainly_and_fractions_to_two_decimals():
    assert points(Fraction(2)) == "2"
    assert points(Fraction(5, 3)) == "1.67"
    assert points(Fraction(1, 2)) == "0.5"
    assert points(Fraction(1, 8)) == "0.13"  # half up, not to even
    assert points(0) == "0"


def test_markdown_keeps_emphasis_and_drops_scripts_and_handlers():
    html = render_markdown('**mass** <script>x()</script> <a href="javascript:y()">z</a>')
    assert "<strong>mass</strong>" in html
    assert "<script" not in html and "javascript:" not in html
