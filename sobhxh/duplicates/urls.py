from django.urls import path

from . import views

app_name = "duplicates"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.pair, name="pair"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/different/", views.different, name="different"),
]
