"""Path converters for the site's URLs."""

from django.db.models import BigIntegerField


class IdConverter:
    """`<id:...>`: a database id, or any number a URL counts with. A number past what a
    BigAutoField holds cannot name anything, so the URL does not match (a 404) rather than
    reach the database, which would refuse it with an error."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > BigIntegerField.MAX_BIGINT:
            raise ValueError(f"{value} is past the largest id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
