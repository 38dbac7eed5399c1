from django.urls import path

from . import views
from . import views_answers as answers
from . import views_batches as batches
from . import views_review as review

app_name = "handover"

urlpatterns = [
    path("rounds/<int:pk>/", review.round_detail, name="round"),
    path("rounds/<int:pk>/statements.pdf", review.round_statements, name="round_statements"),
    path("batches/<int:pk>/", batches.batch_detail, name="batch"),
    path("batches/<int:pk>/danh-sach.pdf", batches.batch_list_pdf, name="batch_list_pdf"),
    path("batches/<int:pk>/danh-sach.xlsx", batches.batch_list_xlsx, name="batch_list_xlsx"),
    path("batches/<int:pk>/bien-ban.pdf", batches.batch_minutes_pdf, name="batch_minutes_pdf"),
    path("batches/<int:pk>/bien-ban.xlsx", batches.batch_minutes_xlsx, name="batch_minutes_xlsx"),
    path("<str:code>/", views.employer, name="employer"),
    path("<str:code>/review/", review.start_review, name="start_review"),
    path("<str:code>/answers/", answers.answers, name="answers"),
    path("<str:code>/answers/upload/", answers.answers_upload, name="answers_upload"),
    path(
        "<str:code>/answers/upload/<int:pk>/",
        answers.answers_upload_detail,
        name="answers_upload_detail",
    ),
    path("<str:code>/scan/", answers.scan, name="scan"),
    path("<str:code>/scan/confirm/", answers.scan_confirm, name="scan_confirm"),
    path("<str:code>/batches/new/", batches.batch_new, name="batch_new"),
]
