from django.urls import path

from . import views

app_name = "books"

urlpatterns = [
    path("", views.search, name="search"),
    path("employers/<str:code>/arrears/", views.employer_arrears, name="employer_arrears"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/<str:action>/", views.act, name="act"),
]
