from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from sobhxh import challenge
from sobhxh.accounts import views as accounts_views
from sobhxh.api.api import api

admin.site.site_header = _("sobhxh – review and handover of social insurance books")
admin.site.site_title = _("sobhxh administration")
admin.site.index_title = _("Registry administration")

urlpatterns = [
    # The staff's starting point; the portal's login link leads here.
    path("staff/", accounts_views.home, name="home"),
    path("staff/questions/", include("sobhxh.questions.staff_urls")),
    path("accounts/", include("sobhxh.accounts.urls")),
    path("dashboard/", include("sobhxh.progress.urls")),
    path("books/", include("sobhxh.books.urls")),
    path("duplicates/", include("sobhxh.duplicates.urls")),
    path("uploads/", include("sobhxh.intake.urls")),
    path("work/", include("sobhxh.handover.urls")),
    path("committees/", include("sobhxh.organisation.urls")),
    path("problems/", include("sobhxh.problems.urls")),
    path("reports/", include("sobhxh.reports.urls")),
    path("money/", include("sobhxh.money.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # The public side: the worker's own book, questions and answers, the poll, the
    # challenge their forms carry, and the portal's CMS.
    path("tra-cuu/", include("sobhxh.selfservice.urls")),
    path("hoi-dap/", include("sobhxh.questions.urls")),
    path("binh-chon/", include("sobhxh.poll.urls")),
    path("challenge/", challenge.new_challenge_view, name="challenge"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Last: every other address is a page of the portal.
    path("", include(wagtail_urls)),
]
