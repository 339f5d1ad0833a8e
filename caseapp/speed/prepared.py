"""ORM queries compiled once and run many times.

Building a queryset's SQL costs more than running it on a fast database: about a millisecond
for the learner's attempt with its answers, the query behind every learner page. A
Prepared query is written with the ORM as usual, compiled once per thread and database with
stand-in parameters, then run with the real ones; Django's own converters still turn the rows
into Python values (dates, booleans, JSON) on every database.
"""

import threading
from collections.abc import Callable, Sequence

from django.db import connections
from django.db.models import QuerySet


class _Param(str):
    """Where a named parameter goes in the compiled SQL's parameter list."""


class Prepared:
    def __init__(self, build: Callable[..., QuerySet], names: Sequence[str]):
        """build(**stand_ins) returns the queryset; each parameter named in `names` must
        reach the SQL as a parameter of its own (a filter value, not part of an expression)."""
        self.build = build
        self.names = list(names)
        self.local = threading.local()

    def _compiled(self, using: str):
        compiled = getattr(self.local, using, None)
        if compiled is None:
            # Distinct negative integers stand for the parameters (no id is ever negative; small
            # enough for a 32-bit column, which Django checks).
            stand_ins = {name: -(1_000_003 + i) for i, name in enumerate(self.names)}
            queryset = self.build(**stand_ins)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            slots = {value: _Param(name) for name, value in stand_ins.items()}
            order = [slots.get(p, p) if isinstance(p, int) else p for p in params]
            missing = set(self.names) - {p for p in order if isinstance(p, _Param)}
            if missing:
                raise ValueError(f"Parameters not in the SQL: {sorted(missing)}")
            converters = compiler.get_converters(expression for expression, *_ in compiler.select)
            compiled = (compiler, sql, order, converters)
            setattr(self.local, using, compiled)
        return compiled

    def rows(self, using: str = "default", **values) -> list[tuple]:
        """The query's rows for these parameter values."""
        compiler, sql, order, converters = self._compiled(using)
        params = [values[p] if isinstance(p, _Param) else p for p in order]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows
