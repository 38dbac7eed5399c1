"""What tells a demo database from one that holds real data.

The demo's data carries its mark: every book `generate_demo` writes is registered at
`books.demo.writer.CREATED_AT` (31/12/2016, 08:00 in Hà Nội), a moment no other book can
have, since every other way in stamps the time it records (but for the second books the
demo plants for the duplicate finder, whose numbers `duplicates` keeps); every demo
employer has books;
and the demo's users are the four of `create_demo_user` and the demo staff
(`accounts.demo`: a user name starting with "demo." and an unusable password no other
account is given). Anything else is real: a book
registered at another moment, an employer without books, any other user. `generate_demo`
and `create_demo_user` refuse such a database unless forced: demo books have no place among
real ones, and a demo user's password is printed in the README.
"""

from datetime import UTC

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sobhxh.accounts.demo import STAFF_PASSWORD, STAFF_PREFIX
from sobhxh.books.demo.writer import CREATED_AT
from sobhxh.books.models import Book
from sobhxh.duplicates.selectors import planted_numbers
from sobhxh.units.models import Employer

DEMO_USERNAMES = ("demo", "demo-tinh", "demo-huyen", "demo-donvi")
DEMO_REGISTERED_AT = CREATED_AT.replace(tzinfo=UTC)


def real_data() -> str:
    """What in the database the demo did not make, in words; empty when nothing."""
    found = []
    users = (
        get_user_model()
        .objects.exclude(username__in=DEMO_USERNAMES)
        .exclude(username__startswith=STAFF_PREFIX, password=STAFF_PASSWORD)
        .count()
    )
    if users:
        found.append(ngettext("%(count)s user", "%(count)s users", users) % {"count": users})
    made_later = Book.objects.exclude(created_at=DEMO_REGISTERED_AT)
    if made_later.exclude(number__in=planted_numbers()).exists():
        found.append(_("books not made by the demo"))
    if Employer.objects.filter(books__isnull=True).exists():
        found.append(_("employers without books"))
    return ", ".join(found)
