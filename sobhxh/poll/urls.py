from django.urls import path

from . import views

app_name = "poll"

urlpatterns = [
    path("", views.vote, name="vote"),
    path("ket-qua/", views.results, name="results"),
]
