from sobhxh.handover.models import ReturnedListUpload
from sobhxh.testing.factories import ANSWER_DAY


def make_returned_list(employer, user, **fields) -> ReturnedListUpload:
    """A returned list as the job leaves it once read: two books confirmed, no problem."""
    values = {
        "on": ANSWER_DAY,
        "file_name": "tra-ve.xlsx",
        "file": "returned-lists/tra-ve.xlsx",
        "language": "vi",
        "status": ReturnedListUpload.Status.DONE,
        "outcome": {"sheet": "Kết quả", "confirmed": 2, "disputed": 0, "problems": [],
                    "unanswered": []},
    }  # fmt: skip
    return ReturnedListUpload.objects.create(employer=employer, user=user, **{**values, **fields})
