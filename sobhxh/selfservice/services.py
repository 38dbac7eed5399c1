"""What the worker's pages write: the lookup (its limits and its row in the access log),
and the worker's answer to their statement, through the book's one door.

Every row a worker's visit writes in the access log (`audit.Access`) has no user, says
`by: worker` and keeps only a coarse origin: the network (IPv4 /24, IPv6 /48), never the
full address. A lookup that found nothing keeps no number: only a keyed digest of the
number asked, so that repeated tries at one number show in the log without the number.
"""

import ipaddress
from dataclasses import dataclass
from datetime import date

from django.utils.crypto import salted_hmac

from sobhxh.audit.models import Access
from sobhxh.audit.services import record_access
from sobhxh.books import services as books
from sobhxh.books.lifecycle import Action, Via
from sobhxh.books.models import Book
from sobhxh.limits import Limit

from . import selectors

WINDOW = 15 * 60
PER_NUMBER = Limit("selfservice-number", 5, WINDOW)
PER_ADDRESS = Limit("selfservice-address", 20, WINDOW)


def coarse_origin(address: str | None) -> str:
    """The network an address belongs to, as the log keeps it: "203.0.113.0/24",
    "2001:db8:1::/48"; "" for no address or something that is none."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def asked_digest(number: str) -> str:
    return salted_hmac("sobhxh.selfservice.asked", number, algorithm="sha256").hexdigest()[:16]


@dataclass(frozen=True)
class Outcome:
    book_id: int | None = None
    limited: bool = False


def look_up(
    *,
    number: str,
    identity_number: str = "",
    birth_date: date | None = None,
    address: str | None,
    path: str,
) -> Outcome:
    """Count the attempt against both limits, find the book if both proofs match, and log
    the lookup. Over a limit nothing is looked up."""
    # Bitwise: both limits count every attempt, whichever is over.
    within = PER_ADDRESS.hit(address or "") & PER_NUMBER.hit(number)
    details = {"by": "worker", "with": "identity" if identity_number else "birth"}
    origin = coarse_origin(address)
    if not within:
        _log(Access.Action.LOOKUP, path, [], result="limited", asked=asked_digest(number),
             origin=origin, **details)  # fmt: skip
        return Outcome(limited=True)
    book_id = selectors.matching_book(
        number, identity_number=identity_number, birth_date=birth_date
    )
    if book_id is None:
        _log(Access.Action.LOOKUP, path, [], result="no_match", asked=asked_digest(number),
             origin=origin, **details)  # fmt: skip
        return Outcome()
    _log(Access.Action.LOOKUP, path, [number], result="found", origin=origin, **details)
    return Outcome(book_id=book_id)


def record_view(*, number: str, address: str | None, path: str) -> None:
    """The worker's page of their book was shown."""
    _log(Access.Action.BOOK_VIEW, path, [number], by="worker", origin=coarse_origin(address))


def record_slip(*, number: str, address: str | None, path: str) -> None:
    """The worker printed their contribution-history slip (Mẫu 03)."""
    _log(Access.Action.DOWNLOAD, path, [number], by="worker", document="statements",
         format="pdf", origin=coarse_origin(address))  # fmt: skip


def confirm(*, book: Book, address: str | None, path: str, on: date | None = None):
    """The worker confirms their statement is right: `books.services.transition`, through
    `Via.WORKER`, with no user."""
    event = books.transition(
        book=book, action=Action.CONFIRM, on=on or books.today(), actor=None, via=Via.WORKER
    )
    _log(Access.Action.WORKER_ACT, path, [book.number], by="worker", action="confirm",
         origin=coarse_origin(address))  # fmt: skip
    return event


def dispute(
    *,
    book: Book,
    reasons: list[str],
    words: str,
    period: str = "",
    address: str | None,
    path: str,
    on: date | None = None,
):
    """The worker says what is wrong, in the slip's categories and their own words."""
    event = books.transition(
        book=book,
        action=Action.DISPUTE,
        on=on or books.today(),
        actor=None,
        via=Via.WORKER,
        details={"reasons": reasons, "worker_words": words, "period_concerned": period},
    )
    _log(Access.Action.WORKER_ACT, path, [book.number], by="worker", action="dispute",
         origin=coarse_origin(address))  # fmt: skip
    return event


def _log(kind: str, path: str, numbers: list[str], **details) -> None:
    record_access(
        user=None,
        action=kind,
        path=path,
        numbers=numbers,
        details={key: value for key, value in details.items() if value},
    )
