"""Writes of the questions app: asking, answering, publishing.

`search_text` is kept here, on every write that changes what the public list shows.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sobhxh.books.text import clean_name, fold
from sobhxh.organisation.selectors import department_in
from sobhxh.units.models import CENTRE_CODE, Office

from .models import TOPIC_FUNCTION, Question, Topic

# No 0/O, 1/I/L: a reference read over the phone is typed right. 31 signs, 10 of them:
# about 49 bits, so a reference cannot be guessed (and lookups are limited per address).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 10


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: str) -> str:
    """What a person typed, as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:32]


def initials(name: str) -> str:
    """ "Nguyễn Văn An" → "N.V.A.": how an asker is named in public."""
    return "".join(f"{word[0].upper()}." for word in clean_name(name).split())[:20]


def search_key(question: Question) -> str:
    return f" {fold.__wrapped__(question.public_text + ' ' + question.answer)} "


def ask(*, name: str, contact: str, topic: str, text: str, now=None) -> Question:
    """A new question, routed to the central department that owns `topic`."""
    function = TOPIC_FUNCTION[Topic(topic)]
    department = department_in(Office.objects.get(code=CENTRE_CODE), function)
    if department is None:  # the departments are loaded by migration
        raise ValidationError(_("No department answers this topic yet."))
    name = clean_name(name)
    text = text.strip()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Question.objects.create(
                    reference=new_reference(),
                    name=name,
                    initials=initials(name),
                    contact=contact.strip(),
                    topic=topic,
                    department=department,
                    text=text,
                    public_text=text,
                    asked_at=now or timezone.now(),
                )
        except IntegrityError:  # the same reference twice: astronomically rare
            continue
    raise RuntimeError("no free reference")


def answer(question: Question, *, by, answer: str, public_text: str, now=None) -> Question:
    """Record (or correct) the department's answer and the question's public wording."""
    question.answer = answer.strip()
    question.public_text = public_text.strip() or question.text
    if question.answered_at is None:
        question.answered_at = now or timezone.now()
    question.answered_by = by
    question.search_text = search_key(question)
    question.save(
        update_fields=["answer", "public_text", "answered_at", "answered_by", "search_text"]
    )
    return question


def publish(question: Question, *, now=None) -> Question:
    if not question.is_answered:
        raise ValidationError(_("Answer the question before publishing it."))
    if question.published_at is None:
        question.published_at = now or timezone.now()
        question.search_text = search_key(question)
        question.save(update_fields=["published_at", "search_text"])
    return question


def unpublish(question: Question) -> Question:
    question.published_at = None
    question.save(update_fields=["published_at"])
    return question
