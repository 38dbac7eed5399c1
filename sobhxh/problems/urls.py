from django.urls import path

from . import views, views_problem

app_name = "problems"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("inbox/", views.inbox, name="inbox"),
    path("answered/", views.answered, name="answered"),
    path("answered/<int:pk>/", views.answered_detail, name="answered_question"),
    path("figures/", views.figures, name="figures"),
    path("figures/xlsx/", views.figures_xlsx, name="figures_xlsx"),
    path("files/<int:pk>/", views_problem.download, name="download"),
    path("<int:pk>/", views_problem.detail, name="detail"),
    path("<int:pk>/<str:action>/", views_problem.act, name="act"),
]
