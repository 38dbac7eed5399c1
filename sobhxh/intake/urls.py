from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.uploads, name="uploads"),
    path("<int:pk>/", views.upload_detail, name="upload_detail"),
    path("<int:pk>/status/", views.upload_status, name="upload_status"),
    path("<int:pk>/report/", views.upload_report, name="upload_report"),
]
