from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from sobhxh.accounts import views as accounts_views

admin.site.site_header = _("sobhxh – review and handover of social insurance books")
admin.site.site_title = _("sobhxh administration")
admin.site.index_title = _("Registry administration")

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("accounts/", include("sobhxh.accounts.urls")),
    path("dashboard/", include("sobhxh.progress.urls")),
    path("books/", include("sobhxh.books.urls")),
    path("uploads/", include("sobhxh.intake.urls")),
    path("work/", include("sobhxh.handover.urls")),
    path("committees/", include("sobhxh.organisation.urls")),
    path("problems/", include("sobhxh.problems.urls")),
    path("reports/", include("sobhxh.reports.urls")),
    path("money/", include("sobhxh.money.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
