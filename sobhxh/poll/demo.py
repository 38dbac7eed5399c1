"""Demo votes in the active poll (counts only, as real votes leave them)."""

import random

from django.db.models import F

from .models import Option
from .selectors import active_poll

# Roughly how visitors of a social insurance site answer.
WEIGHTS = [0.34, 0.41, 0.17, 0.08]


def write(rng: random.Random, *, votes: int = 1200) -> int:
    poll = active_poll()
    if poll is None or any(option.votes for option in poll.options.all()):
        return 0
    options = list(poll.options.all())
    for option, weight in zip(options, WEIGHTS, strict=False):
        share = int(votes * weight * rng.uniform(0.85, 1.15))
        Option.objects.filter(pk=option.pk).update(votes=F("votes") + share)
    return len(options)
