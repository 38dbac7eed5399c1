from django.urls import path

from . import views

app_name = "committees"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.committee_detail, name="committee"),
    path("<str:code>/members/add/", views.member_add, name="member_add"),
    path("<str:code>/members/<int:pk>/end/", views.member_deactivate, name="member_deactivate"),
    path("<str:code>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<str:code>/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("<str:code>/meetings/<int:pk>/decisions/new/", views.decision_new, name="decision_new"),
    path("<str:code>/decisions/<int:pk>/", views.decision_detail, name="decision"),
]
