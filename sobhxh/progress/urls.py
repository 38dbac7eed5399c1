from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("employer/<str:code>/", views.employer, name="employer"),
    path("employer/<str:code>/xlsx/", views.employer_xlsx, name="employer_xlsx"),
    path("<str:code>/", views.office, name="office"),
    path("<str:code>/xlsx/", views.office_xlsx, name="office_xlsx"),
]
