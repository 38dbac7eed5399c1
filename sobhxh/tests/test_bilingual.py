"""Messages in both languages (`sobhxh.bilingual`): one rendering for every app, remembered."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sobhxh import bilingual
from sobhxh.books.lifecycle import State

NOT_ALLOWED = _(
    "Book %(number)s is “%(state)s”: the action “%(action)s” is not allowed from that state."
)
PARAMS = {"number": "0123456789", "state": State.CONFIRMED.label, "action": "x"}


def test_a_message_is_rendered_in_vietnamese_and_english_with_its_params_in_each():
    vietnamese, english = bilingual.in_both_languages(NOT_ALLOWED, PARAMS)
    assert vietnamese.startswith("Sổ 0123456789 đang ở trạng thái “Đã xác nhận”")
    assert english.startswith("Book 0123456789 is “Confirmed”")


def test_the_active_language_chooses_which_one_is_shown():
    with translation.override("en"):
        assert bilingual.in_active_language(NOT_ALLOWED, PARAMS).startswith("Book ")
    with translation.override("vi"):
        assert bilingual.in_active_language(NOT_ALLOWED, PARAMS).startswith("Sổ ")
    assert bilingual.of_active_language("vi", "en") in ("vi", "en")


def test_a_rendering_is_remembered_and_the_memory_starts_over_when_full(monkeypatch):
    monkeypatch.setattr(bilingual, "_rendered", {})
    monkeypatch.setattr(bilingual, "REMEMBERED", 3)
    first = bilingual.in_both_languages(NOT_ALLOWED, PARAMS)
    assert bilingual.in_both_languages(NOT_ALLOWED, PARAMS) is first  # not rendered again
    for number in ("1", "2", "3"):
        bilingual.in_both_languages(NOT_ALLOWED, {**PARAMS, "number": number})
    assert len(bilingual._rendered) == 1  # full at three: started over with the newest
    again = bilingual.in_both_languages(NOT_ALLOWED, PARAMS)
    assert again == first and again is not first  # forgotten, rendered again


def test_a_plain_text_is_said_as_it_is_in_both_and_not_remembered(monkeypatch):
    monkeypatch.setattr(bilingual, "_rendered", {})
    assert bilingual.in_both_languages("Sổ %(n)s", {"n": 1}) == ("Sổ 1", "Sổ 1")
    assert bilingual._rendered == {}
