"""Store one answer and count it on its attempt, under the attempt's row lock.

The count comes back from an UPDATE of the attempt's row, which the database runs one at a
time per row: two tabs storing the attempt's last two answers at once get 1 and 2 (say),
never 1 and 1, so exactly one of them sees the last answer and finishes the attempt, with no
second read of the answers. The unique constraint on (attempt, question) still refuses a
second answer to a question, and then nothing is counted. On PostgreSQL the insert and the
count are one statement; elsewhere they run in one transaction.
"""

from django.db import connections, transaction

from .models import Answer, Attempt

_FIELDS = ["attempt", "question_key", "response", "earned", "correct", "answered_at"]
_SQL: dict[str, str] = {}  # by database vendor


def _counting_sql(connection) -> str:
    """PostgreSQL: insert and count in one statement. Others: the count alone, to run right
    after the insert in the same transaction. Either returns the attempt's new count last."""
    sql = _SQL.get(connection.vendor)
    if sql is None:
        quote = connection.ops.quote_name
        answer, attempt = Answer._meta, Attempt._meta
        table, count = quote(attempt.db_table), quote(attempt.get_field("answer_count").column)
        update = f"UPDATE {table} SET {count} = {table}.{count} + 1"
        where = f"{table}.{quote(attempt.pk.column)} = %s"
        if connection.vendor == "postgresql":
            columns = ", ".join(quote(answer.get_field(name).column) for name in _FIELDS)
            placeholders = ", ".join(["%s"] * len(_FIELDS))
            sql = (
                f"WITH new AS (INSERT INTO {quote(answer.db_table)} ({columns}) "
                f"VALUES ({placeholders}) RETURNING {quote(answer.pk.column)} AS id) "
                f"{update} FROM new WHERE {where} RETURNING new.id, {table}.{count}"
            )
        else:
            sql = f"{update} WHERE {where} RETURNING {table}.{count}"
        _SQL[connection.vendor] = sql
    return sql


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
    fields = [Answer._meta.get_field(name) for name in _FIELDS]
    params = [f.get_db_prep_save(f.pre_save(answer, add=True), connection) for f in fields]
    # A missing attempt fails its foreign key when the transaction ends, too.
    answer.pk, count = _run(connection, [*params, answer.attempt_id])
    answer._state.adding, answer._state.db = False, using
    return count


def _run(connection, params: list) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(_counting_sql(connection), params)
        row = cursor.fetchone()
    if row is None:  # no attempt row to count on: it is gone (inside a transaction, rolled back)
        raise Attempt.DoesNotExist("This attempt no longer exists.")
    return row
