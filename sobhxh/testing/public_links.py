"""The public base template links to pages of apps built on other branches (the self-service
lookup). Until they are merged, tests of public pages run with a stand-in for the missing
names; once merged, the real ones serve and the stand-in is not used."""

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse


def _blank(request):
    return HttpResponse("")


_selfservice = ([path("", _blank, name="lookup")], "selfservice")


def urlpatterns_with_standins():
    from sobhxh import urls

    # Listed first, so that its namespace is the one `reverse` finds.
    return [path("tra-cuu/", include(_selfservice)), *urls.urlpatterns]


urlpatterns = urlpatterns_with_standins()


@pytest.fixture(autouse=True)
def _public_links(settings):
    try:
        reverse("selfservice:lookup")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "sobhxh.testing.public_links"
