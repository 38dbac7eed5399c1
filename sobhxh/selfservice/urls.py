from django.urls import path

from . import views

app_name = "selfservice"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("so/", views.book, name="book"),
    path("so/xac-nhan/", views.confirm, name="confirm"),
    path("so/bao-sai/", views.dispute, name="dispute"),
    path("so/phieu-doi-chieu.pdf", views.slip, name="slip"),
    path("ket-thuc/", views.end, name="end"),
]
