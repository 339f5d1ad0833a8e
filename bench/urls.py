"""`make bench` only: the whole site's URLs, and the bare baseline view at /bench/baseline/."""

from django.urls import path

from caseapp import urls as site

from .views import baseline

handler500 = site.handler500

# Last, as the app's own patterns are tried first for every request.
urlpatterns = [*site.urlpatterns, path("bench/baseline/", baseline)]
