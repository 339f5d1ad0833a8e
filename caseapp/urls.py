"""URLs of the whole site: the learner pages, accounts and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from .converters import IdConverter
from .views import educator, learner

# Before admin.site.urls below builds the admin's URLs: the case admin's own use it too.
register_converter(IdConverter, "id")

app_patterns = (
    [
        path("", learner.catalogue, name="catalogue"),
        path("cases/<id:case_id>/", learner.case_intro, name="case_intro"),
        path("cases/<id:case_id>/start/", learner.start, name="start"),
        path("attempts/<id:attempt_id>/", learner.attempt_resume, name="attempt_resume"),
        path("attempts/<id:attempt_id>/steps/<id:number>/", learner.step, name="step"),
        path(
            "attempts/<id:attempt_id>/questions/<str:question_key>/answer/",
            learner.answer,
            name="answer",
        ),
        path("attempts/<id:attempt_id>/summary/", learner.summary, name="summary"),
    ],
    "caseapp",
)

handler500 = "caseapp.views.errors.server_error"

urlpatterns = [
    path("", include(app_patterns)),
    path("authoring/markdown-preview/", educator.markdown_preview, name="markdown_preview"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA or settings.MEDIA_ACCEL_REDIRECT:
    from django.urls import re_path

    from .views.media import media

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", media)]
