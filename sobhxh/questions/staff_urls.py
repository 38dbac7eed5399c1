"""The staff's pages of the questions, under /staff/questions/ (sobhxh/urls.py)."""

from django.urls import path

from . import views_staff

app_name = "questions_staff"

urlpatterns = [
    path("", views_staff.index, name="index"),
    path("<str:reference>/", views_staff.detail, name="detail"),
]
