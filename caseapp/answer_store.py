"""Store one answer and count it on its attempt, in a single statement on PostgreSQL.

The count comes back from an UPDATE of the attempt's row, which PostgreSQL runs one at a time
per row: two tabs storing the attempt's last two answers at once get 1 and 2 (say), never
1 and 1, so exactly one of them sees the last answer and finishes the attempt, with no second
read of the answers and no transaction around the two. The unique constraint on (attempt,
question) still refuses a second answer to a question, and then nothing is counted.
"""

from django.db import connections, transaction

from .models import Answer, Attempt

_FIELDS = ["attempt", "question_key", "response", "earned", "correct", "answered_at"]


_SQL = {}


def _counted_insert_sql(connection) -> str:
    sql = _SQL.get(connection.vendor)
    if sql is None:
        sql = _SQL[connection.vendor] = _build_counted_insert_sql(connection.ops.quote_name)
    return sql


def _build_counted_insert_sql(quote) -> str:
    answer, attempt = Answer._meta, Attempt._meta
    columns = ", ".join(quote(answer.get_field(name).column) for name in _FIELDS)
    placeholders = ", ".join(["%s"] * len(_FIELDS))
    table, count = quote(attempt.db_table), quote(attempt.get_field("answer_count").column)
    return (
        f"WITH new AS (INSERT INTO {quote(answer.db_table)} ({columns}) "
        f"VALUES ({placeholders}) RETURNING {quote(answer.pk.column)} AS id) "
        f"UPDATE {table} SET {count} = {table}.{count} + 1 FROM new "
        f"WHERE {table}.{quote(attempt.pk.column)} = %s RETURNING new.id, {table}.{count}"
    )


def insert_counted(answer: Answer) -> int:
    """Insert the unsaved answer; return how many answers its attempt holds now, this one
    included. Raises IntegrityError (question already answered) or Attempt.DoesNotExist."""
    using = Answer.objects.db
    connection = connections[using]
    if connection.vendor != "postgresql":
        return _insert_counted_in_transaction(answer, using)
    fields = [Answer._meta.get_field(name) for name in _FIELDS]
    params = [f.get_db_prep_save(f.pre_save(answer, add=True), connection) for f in fields]
    sql = _counted_insert_sql(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, answer.attempt_id])
        row = cursor.fetchone()
    if row is None:  # the attempt is gone; its foreign key fails when the transaction ends
        raise Attempt.DoesNotExist("This attempt no longer exists.")
    answer.pk, count = row
    answer._state.adding, answer._state.db = False, using
    return count


def _insert_counted_in_transaction(answer: Answer, using: str) -> int:
    # SQLite: the same in a transaction, which takes the database's write lock first.
    connection = connections[using]
    attempt = Attempt._meta
    table = connection.ops.quote_name(attempt.db_table)
    count = connection.ops.quote_name(attempt.get_field("answer_count").column)
    pk = connection.ops.quote_name(attempt.pk.column)
    with transaction.atomic(using=using):
        answer.save(force_insert=True, using=using)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {count} = {count} + 1 WHERE {pk} = %s RETURNING {count}",
                [answer.attempt_id],
            )
            row = cursor.fetchone()
        if row is None:
            raise Attempt.DoesNotExist("This attempt no longer exists.")
        return row[0]
