from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_answers(apps, schema_editor):
    Attempt = apps.get_model("caseapp", "Attempt")
    Answer = apps.get_model("caseapp", "Answer")
    counts = (
        Answer.objects.filter(attempt=OuterRef("pk"))
        .order_by()
        .values("attempt")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Attempt.objects.using(schema_editor.connection.alias).update(
        answer_count=Coalesce(Subquery(counts), Value(0))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("caseapp", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="attempt",
            name="answer_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_answers, migrations.RunPython.noop),
    ]
