from django.urls import path

from . import views

app_name = "money"

urlpatterns = [
    path("", views.index, name="index"),
    path("rates/", views.rates, name="rates"),
    path("<str:code>/<int:year>/", views.office_year, name="office"),
    path("<str:code>/<int:year>/budget/", views.budget, name="budget"),
    path("<str:code>/<int:year>/settlement/", views.settlement, name="settlement"),
    path(
        "<str:code>/<int:year>/settlement.<str:kind>",
        views.settlement_document,
        name="settlement_document",
    ),
]
