"""The activities money is spent on (DOMAIN.md, "Money"), and which book action counts as
which of them: the one place that says so.

Every event of an action in `ACTIVITIES_OF_ACTION` counts its activities once each, priced
at the rate in force on the event's business date (`pricing`). The table:

| action        | counts                                                           |
| ------------- | ---------------------------------------------------------------- |
| start_review  | reviewing a book (the statement is printed and checked)          |
| correct       | entering a correction (the office changes the data)              |
| confirm       | printing the new cover and loose sheets (4027, step 4)           |
| hand_over     | handing over a book, and its postage                             |
| undo_handover | minus one handing over and minus one postage                     |

Undoing a handover takes its handing over and postage back: the handover was a mistake
(the wrong person, the wrong day), and the book is handed over again later, which counts
again. Money is owed per book handed over, so a book handed over, undone and handed over
again counts one handover, not two. A month may therefore show a negative count when more
handovers were undone than made.

Dispute, exclude and reinstate cost nothing by themselves: a dispute's work is paid when
the office corrects it, and a reinstated book is paid again only if it is reviewed again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sobhxh.books.lifecycle import Action


class Activity(models.TextChoices):
    REVIEW = "review", _("Reviewing a book")
    ENTRY = "entry", _("Entering a record or correction")
    PRINTING = "printing", _("Printing a new cover and loose sheets")
    HANDOVER = "handover", _("Handing over a book")
    POSTAGE = "postage", _("Postage")


# action -> {activity: how many of it one event of the action counts}
ACTIVITIES_OF_ACTION: dict[str, dict[str, int]] = {
    Action.START_REVIEW: {Activity.REVIEW: 1},
    Action.CORRECT: {Activity.ENTRY: 1},
    Action.CONFIRM: {Activity.PRINTING: 1},
    Action.HAND_OVER: {Activity.HANDOVER: 1, Activity.POSTAGE: 1},
    Action.UNDO_HANDOVER: {Activity.HANDOVER: -1, Activity.POSTAGE: -1},
}

COUNTED_ACTIONS = tuple(ACTIVITIES_OF_ACTION)
