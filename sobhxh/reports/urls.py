from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("office/<str:code>/", views.office_month, name="office"),
    path("sent/<int:pk>/", views.sent, name="sent"),
    path("sent/<int:pk>/decide/", views.decide, name="decide"),
    path("sent/<int:pk>/<str:kind>/", views.sent_document, name="sent_document"),
    path("board/<str:code>/", views.board, name="board"),
    path("national/", views.national, name="national"),
    path("national/<str:kind>/", views.national_document, name="national_document"),
]
