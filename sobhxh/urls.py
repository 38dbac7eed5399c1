from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("sobhxh – review and handover of social insurance books")
admin.site.site_title = _("sobhxh administration")
admin.site.index_title = _("Registry administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
