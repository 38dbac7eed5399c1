"""Writes of the poll: a vote is one atomic increment of its option's count."""

from django.db.models import F

from .models import Option, Poll


def vote(poll: Poll, option_id: int) -> bool:
    """Count one vote for the option of `poll`; False when it is not one of its options."""
    return Option.objects.filter(poll=poll, pk=option_id).update(votes=F("votes") + 1) == 1
