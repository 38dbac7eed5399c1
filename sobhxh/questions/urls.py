from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("", views.index, name="index"),
    path("gui-cau-hoi/", views.ask, name="ask"),
    path("tra-cuu/", views.lookup, name="lookup"),
]
