"""Publishing freezes what residents take; drafts and previews stay apart from results."""

import pytest
from django.urls import reverse

from caseapp.models import Answer, Attempt, Case, Question
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def answer(client, attempt, question, choice="b"):
    url = reverse("caseapp:answer", args=[attempt.pk, str(question.pk)])
    return client.post(url, {"choice": choice})


def test_edits_stay_a_draft_until_published(client_a, client_b):
    case = make_case()
    question = Question.objects.filter(step__case=case).first()
    question.stem = "A NEW DRAFT STEM"
    question.save()
    client_a.post(reverse("caseapp:start", args=[case.pk]))
    attempt = Attempt.objects.get()
    page = client_a.get(reverse("caseapp:step", args=[attempt.pk, 1])).content.decode()
    assert "A NEW DRAFT STEM" not in page
    assert case.publish().number == 2
    assert case.publish().number == 2  # nothing changed since: the same version
    client_b.post(reverse("caseapp:start", args=[case.pk]))
    fresh = Attempt.objects.exclude(pk=attempt.pk).get()
    page = client_b.get(reverse("caseapp:step", args=[fresh.pk, 1])).content.decode()
    assert "A NEW DRAFT STEM" in page


def test_a_resident_mid_attempt_finishes_on_the_version_they_started(client_a):
    case = make_case(steps=2)
    client_a.post(reverse("caseapp:start", args=[case.pk]))
    attempt = Attempt.objects.get()
    started_on = attempt.version
    first, hotspot, last = Question.objects.filter(step__case=case).order_by(
        "step__position", "position"
    )
    answer(client_a, attempt, first)
    # The educator makes option A the key of the last question and publishes version 2.
    options = list(last.options.all())
    options[0].correct, options[1].correct = True, False
    for option in options[:2]:
        option.save()
    last.stem = "VERSION 2 STEM"
    last.save()
    case.publish()
    case.refresh_from_db()
    assert case.published_version != started_on

    client_a.post(
        reverse("caseapp:answer", args=[attempt.pk, str(hotspot.pk)]), {"x": "0.1", "y": "0.5"}
    )
    page = client_a.get(reverse("caseapp:step", args=[attempt.pk, 2])).content.decode()
    assert "VERSION 2 STEM" not in page
    answer(client_a, attempt, last, "b")  # right on the version they started
    attempt.refresh_from_db()
    assert attempt.version == started_on and attempt.score_percent == 100
    client_a.post(reverse("caseapp:start", args=[case.pk]))
    fresh = Attempt.objects.exclude(pk=attempt.pk).get()
    assert fresh.version == case.published_version


def test_preview_walks_a_draft_and_never_counts(ed, client_a):
    case = make_case(status="draft")
    response = ed.post(reverse("admin:caseapp_case_preview", args=[case.pk]))
    preview = Attempt.objects.get()
    assert preview.preview and response["Location"] == reverse(
        "caseapp:attempt_resume", args=[preview.pk]
    )
    page = ed.get(reverse("caseapp:step", args=[preview.pk, 1])).content.decode()
    assert "never count" in page
    for question in Question.objects.filter(step__case=case).order_by("step__position", "position"):
        data = {"choice": "b"} if question.type == "single" else {"x": "0.2", "y": "0.5"}
        ed.post(reverse("caseapp:answer", args=[preview.pk, str(question.pk)]), data)
    preview.refresh_from_db()
    assert preview.score_percent == 100
    # Residents never see the draft, and the preview is not a result.
    assert client_a.get(case.get_absolute_url()).status_code == 404
    assert not Attempt.objects.filter(preview=False).exists()
    assert Answer.objects.filter(attempt__preview=False).count() == 0
    # Previewing again starts afresh on the draft as it is now.
    ed.post(reverse("admin:caseapp_case_preview", args=[case.pk]))
    assert Attempt.objects.filter(preview=True).count() == 2
    assert Case.objects.get().status == Case.Status.DRAFT


def test_residents_cannot_preview(client_a):
    case = make_case(status="draft")
    response = client_a.post(reverse("admin:caseapp_case_preview", args=[case.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Attempt.objects.exists()
