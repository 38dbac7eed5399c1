"""The example unit costs the data migration ships (`migrations/0003_example_rates`).

They are not the agency's rates, which are not public: they let a new installation count
and price work at once, and every page and document that shows one says it is an example.
Postage and reviewing change on a date, so that the demo shows a rate change.
"""

from datetime import date

# Stored as data, in Vietnamese: the words of the rate itself, not of the interface.
EXAMPLE_BASIS = "Mức ví dụ – không phải định mức chính thức"

# (activity, applies from, amount in đồng)
EXAMPLE_RATES = [
    ("review", date(2016, 1, 1), 5_000),
    ("review", date(2017, 7, 1), 5_500),
    ("entry", date(2016, 1, 1), 3_500),
    ("printing", date(2016, 1, 1), 12_000),
    ("handover", date(2016, 1, 1), 2_000),
    ("postage", date(2016, 1, 1), 15_000),
    ("postage", date(2018, 1, 1), 16_500),
]
