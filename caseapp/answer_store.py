"""Store one answer and count it on its attempt, in a single statement on PostgreSQL.

The count comes back from an UPDATE of the attempt's row, which PostgreSQL runs one at a time
per row: two tabs storing the attempt's last two answers at once get 1 and 2 (say), never
1 and 1, so exactly one of them sees the last answer and finishes the attempt, with no second
read of the answers and no transaction around the two. The unique constraint on (attempt,
question) still refuses a second answer to a question, and then nothing is counted.

CheckedInsert goes one step further for the usual answer: the same statement also reads the
attempt and makes the general path's checks, so an answer is one round trip to the database.
"""

from django.db import connections, transaction

from .models import Answer, Attempt, CaseVersion
from .prepared import Prepared

_FIELDS = ["attempt", "question_key", "response", "earned", "correct", "answered_at"]
_SQL: dict[str, str] = {}  # by database vendor


def _counting_sql(connection) -> str:
    """PostgreSQL: insert and count in one statement. Others: the count alone, to run right
    after the insert in the same transaction. Either returns the attempt's new count last."""
    sql = _SQL.get(connection.vendor)
    if sql is None:
        p = _Parts(connection)
        if connection.vendor == "postgresql":
            sql = (
                f"WITH new AS ({p.insert} VALUES ({p.placeholders}) RETURNING {p.answer_id}) "
                f"{p.update} FROM new WHERE {p.where} RETURNING new.id, {p.count}"
            )
        else:
            sql = f"{p.update} WHERE {p.where} RETURNING {p.count}"
        _SQL[connection.vendor] = sql
    return sql


class _Parts:
    """The pieces both statements are made of, quoted for the connection."""

    def __init__(self, connection):
        quote = connection.ops.quote_name
        answer, attempt = Answer._meta, Attempt._meta
        table, count = quote(attempt.db_table), quote(attempt.get_field("answer_count").column)
        columns = ", ".join(quote(answer.get_field(name).column) for name in _FIELDS)
        self.insert = f"INSERT INTO {quote(answer.db_table)} ({columns})"
        self.placeholders = ", ".join(["%s"] * len(_FIELDS))
        self.answer_id = f"{quote(answer.pk.column)} AS id"
        self.update = f"UPDATE {table} SET {count} = {table}.{count} + 1"
        self.where = f"{table}.{quote(attempt.pk.column)} = %s"
        self.count = f"{table}.{count}"


def insert_counted(answer: Answer) -> int:
    """Insert the unsaved answer; return how many answers its attempt holds now, this one
    included. Raises IntegrityError (question already answered) or Attempt.DoesNotExist."""
    using = Answer.objects.db
    connection = connections[using]
    if connection.vendor != "postgresql":
        # SQLite: the same in a transaction, which takes the database's write lock first.
        with transaction.atomic(using=using):
            answer.save(force_insert=True, using=using)
            row = _run(connection, [answer.attempt_id])
        return row[-1]
    params = _answer_params(answer, connection)
    # A missing attempt fails its foreign key when the transaction ends, too.
    answer.pk, count = _run(connection, [*params, answer.attempt_id])
    answer._state.adding, answer._state.db = False, using
    return count


def _answer_params(answer: Answer, connection) -> list:
    fields = [Answer._meta.get_field(name) for name in _FIELDS]
    return [f.get_db_prep_save(f.pre_save(answer, add=True), connection) for f in fields]


class CheckedInsert:
    """The usual answer in one statement, checks included (PostgreSQL).

    The statement reads the learner's attempt with its answers (a Prepared query, `own`) and,
    only when there is such an attempt, on the version the answer was graded on, with every
    question before the answer's step answered and this one not, inserts the answer and counts
    it, as insert_counted() does. The positions name `own`'s columns: the attempt's version
    id, the version's digest and an answer's question key.
    """

    def __init__(self, *, version: int, digest: int, question_key: int):
        self.version, self.digest, self.question_key = version, digest, question_key

    def __call__(self, own_sql: str, connection, columns: int) -> str:
        p = _Parts(connection)
        names = ", ".join(f"c{i}" for i in range(columns))
        key = f"c{self.question_key}"
        return (
            f"WITH own({names}) AS MATERIALIZED ({own_sql}), "
            f"new AS ({p.insert} SELECT {p.placeholders} "
            f"WHERE EXISTS (SELECT 1 FROM own WHERE c{self.version} = %s AND c{self.digest} = %s) "
            "AND NOT EXISTS (SELECT 1 FROM unnest(%s::text[]) AS required(k) "
            f"WHERE k NOT IN (SELECT {key} FROM own WHERE {key} IS NOT NULL)) "
            f"ON CONFLICT DO NOTHING RETURNING {p.answer_id}), "
            f"counted AS ({p.update} FROM new WHERE {p.where} RETURNING {p.count} AS n) "
            "SELECT own.*, (SELECT id FROM new), (SELECT n FROM counted) FROM own"
        )

    def run(
        self,
        own: Prepared,
        answer: Answer,
        *,
        learner_id: int,
        version: CaseVersion,
        required: list[str],
    ) -> list[tuple] | None:
        """own's rows (for answer.attempt_id and learner_id), each followed by the new answer's
        id and the attempt's new count, or by two Nones when nothing was stored. None when the
        database cannot do this in one statement."""
        using = Answer.objects.db
        connection = connections[using]
        if connection.vendor != "postgresql":
            return None
        after = [
            *_answer_params(answer, connection),
            version.pk,
            version.digest,
            required,
            answer.attempt_id,
        ]
        return own.rows(
            using, wrap=self, after=after, attempt_id=answer.attempt_id, learner_id=learner_id
        )


def _run(connection, params: list) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(_counting_sql(connection), params)
        row = cursor.fetchone()
    if row is None:  # no attempt row to count on: it is gone (inside a transaction, rolled back)
        raise Attempt.DoesNotExist("This attempt no longer exists.")
    return row
