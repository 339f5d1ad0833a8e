"""Authored text to safe HTML: Markdown rendered, then sanitized so no script can run."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "sup", "sub", "table", "thead", "tbody", "tr", "th", "td", "a", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(source: str) -> str:
    html = markdown.markdown(source or "", extensions=["tables", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def lines(text: str) -> list[str]:
    """The non-blank lines of a one-item-per-line field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def points(value) -> str:
    """Points for people: whole numbers as they are, fractions to two decimals (1/3 → 0.33)."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).rstrip("0").rstrip(".")
