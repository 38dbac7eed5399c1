"""Plan demo data: employers, books, periods and the events of a campaign played out
through 2017–2018, as plain row tuples ready for a bulk writer.

Everything comes from one `random.Random(seed)` consumed in a fixed order, so a seed
always gives the same rows. Every move is checked against `lifecycle.MOVES`, the same
rules the service door applies, so the events are ones the door would have written.
"""

import json
import math
import random
from bisect import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import accumulate

from sobhxh.books import lifecycle
from sobhxh.books.lifecycle import Action, State
from sobhxh.books.text import fold
from sobhxh.progress import buckets

from . import names, places

REGISTERED_ON = date(2016, 12, 31)
CAMPAIGN_START = date(2017, 1, 3)
END_2017 = date(2017, 12, 29)
END_2018 = date(2018, 12, 28)
BHTN_START = (2009, 1)
LAST_MONTH = (2016, 12)
CHUNK_BOOKS = 20_000
MAX_EMPLOYER_BOOKS = 100_000
# Employers at least this big are managed by the provincial office itself.
PROVINCE_MANAGED_SIZE = 1_000

DISPUTE_REASONS = (
    ("wrong_wage", 35),
    ("missing_period", 30),
    ("identity", 20),
    ("wrong_employer", 10),
    ("other", 5),
)
WORKER_WORDS = {
    "wrong_wage": "Mức lương năm {year} ghi thấp hơn thực tế",
    "missing_period": "Thiếu thời gian đóng từ tháng 3 đến tháng 8/{year}",
    "identity": "Sai họ tên hoặc ngày sinh",
    "wrong_employer": "Ghi sai tên đơn vị làm việc",
    "other": "Sổ bị rách bìa",
}
CORRECTION_NOTES = {
    "wrong_wage": "Điều chỉnh tiền lương theo bảng lương của đơn vị",
    "missing_period": "Bổ sung quá trình đóng còn thiếu",
    "identity": "Sửa thông tin nhân thân theo CCCD",
    "wrong_employer": "Sửa tên đơn vị, nơi làm việc",
    "other": "In lại bìa sổ",
}
# Where a book not handed over by the end of 2018 stopped, and how often.
UNFINISHED = ("not_reviewed", "in_review", "disputed", "confirmed")
UNFINISHED_CUM_WEIGHTS = (40, 70, 80, 100)
EXCLUSION_REASONS = (("with_worker", 55), ("deceased", 10), ("duplicate", 15), ("untraceable", 20))
# Of the books left unfinished, the share that waits for a reason, and the reasons.
WAITING_SHARE = 0.3
WAITING_REASONS = (
    ("unreachable", 40), ("lost", 12), ("deceased", 8), ("duplicate", 15), ("dissolved", 10),
    ("other", 15),
)  # fmt: skip
WAITING_WORDS = "Người lao động đang đi xuất khẩu lao động, gia đình hẹn nhận sổ sau"
# One employer in this many (of those with unfinished books) is in arrears.
ARREARS_SHARE = 0.004
ARREARS_WORDS = "Đơn vị nợ đóng BHXH từ tháng 10/2017"
SET_WAITING = Action.SET_WAITING.value


@dataclass(frozen=True)
class OfficeRow:
    id: int
    code: str
    name: str
    level: str
    province_code: str


@dataclass
class Chunk:
    employers: list[tuple] = field(default_factory=list)
    books: list[tuple] = field(default_factory=list)
    periods: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    # What the events do to the employers' counters: (employer, day, state) -> net change,
    # and (employer, state) -> books at the end. An employer's books all fall in one chunk.
    employer_deltas: Counter = field(default_factory=Counter)
    employer_counts: Counter = field(default_factory=Counter)


@dataclass
class Ids:
    """The next primary key of each table: rows are written with explicit ids."""

    employer: int = 1
    book: int = 1
    period: int = 1
    event: int = 1


@dataclass(frozen=True)
class Batch:
    """One round of work at an employer, as offices organise it: statements printed on
    `started`, disputes raised on `disputed` and corrected on `corrected`, answers in by
    `confirmed`, books handed over on `handed`. The books of a round share its days."""

    started: date
    disputed: date
    corrected: date
    confirmed: date
    handed: date


@dataclass(frozen=True)
class Rounds:
    """An employer's rounds: finished in 2017, finished in 2018, still open at the end."""

    in_2017: tuple[Batch, ...]
    in_2018: tuple[Batch, ...]
    unfinished: tuple[Batch, ...]


@dataclass(frozen=True)
class ProvincePlan:
    province: OfficeRow
    districts: tuple[OfficeRow, ...]
    district_cum_weights: tuple[float, ...]
    handed_2017: float  # share of its books handed over by the end of 2017
    handed_2018: float  # ... and by the end of 2018


# Plain strings: enum members hash by name, and these are dictionary keys below.
CONFIRM = Action.CONFIRM.value
CORRECT = Action.CORRECT.value
DISPUTE = Action.DISPUTE.value
EXCLUDE = Action.EXCLUDE.value
HAND_OVER = Action.HAND_OVER.value
REGISTER = Action.REGISTER.value
REINSTATE = Action.REINSTATE.value
START_REVIEW = Action.START_REVIEW.value

# (action, from state) -> to state: lifecycle.MOVES as a flat lookup, for speed.
TRANSITIONS: dict[tuple[str, str], str] = {
    (action.value, source): target
    for action, (sources, target) in lifecycle.MOVES.items()
    for source in sources
}


class _Weighted:
    """Draw from a fixed list of (value, weight) pairs with precomputed cumulative weights."""

    def __init__(self, values, weights):
        self.values = list(values)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random):
        # What random.choices does for one value, without building a list each time.
        return self.values[bisect(self.cum, rng.random() * self.total, 0, len(self.cum) - 1)]


def _from_pairs(pairs) -> _Weighted:
    return _Weighted([value for value, _w in pairs], [weight for _v, weight in pairs])


SURNAMES = _from_pairs(names.SURNAMES)
MIDDLE = {
    "male": _Weighted(names.MALE_MIDDLE, names.zipf_weights(len(names.MALE_MIDDLE), 1.6)),
    "female": _Weighted(names.FEMALE_MIDDLE, names.zipf_weights(len(names.FEMALE_MIDDLE), 1.4)),
}
GIVEN = {
    "male": _Weighted(names.MALE_GIVEN, names.zipf_weights(len(names.MALE_GIVEN), 0.9)),
    "female": _Weighted(names.FEMALE_GIVEN, names.zipf_weights(len(names.FEMALE_GIVEN), 0.9)),
}
FORMS = _from_pairs(places.COMPANY_FORMS)
DISPUTES = _from_pairs(DISPUTE_REASONS)
EXCLUSIONS = _from_pairs(EXCLUSION_REASONS)
WAITING_REASON_DRAW = _from_pairs(WAITING_REASONS)
# The counters' buckets (progress.buckets) of the waiting reasons and the counted actions.
WAITING_BUCKET = {reason: buckets.waiting(reason) for reason in lifecycle.WaitingReason.values}
ACTION_BUCKET = {action: buckets.action(action) for action in buckets.COUNTED_ACTIONS}


class Planner:
    """Plans `books` demo books over `offices`; iterate `chunks()` for the rows."""

    def __init__(self, offices: list[OfficeRow], *, books: int, seed: int, ids: Ids):
        self.rng = random.Random(seed)
        # Waiting reasons draw from their own stream, so that adding them left every other
        # demo figure as it was.
        self.waiting_rng = random.Random(f"{seed}-waiting")
        self.total_books = books
        self.ids = ids
        # The largest real employers (garment and electronics factories) hold about 100,000
        # workers' books: no demo employer holds more, however many books there are.
        self.size_cap = min(MAX_EMPLOYER_BOOKS, max(50, books // 40))
        self.provinces = self._plan_provinces(offices)
        self.province_draw = _Weighted(
            self.provinces,
            [
                places.PROVINCE_WEIGHTS.get(p.province.code, places.DEFAULT_PROVINCE_WEIGHT)
                for p in self.provinces
            ],
        )
        self.book_serial: dict[str, int] = {}
        self.recorded: dict[date, datetime] = {}
        self.workplaces = [self._company_name() for _ in range(300)]

    def _plan_provinces(self, offices: list[OfficeRow]) -> list[ProvincePlan]:
        rng = self.rng
        districts: dict[str, list[OfficeRow]] = {}
        for office in offices:
            if office.level == "district":
                districts.setdefault(office.province_code, []).append(office)
        plans = []
        for office in sorted(offices, key=lambda o: o.code):
            if office.level != "province" or not districts.get(office.code):
                continue
            own = tuple(sorted(districts[office.code], key=lambda o: o.code))
            # District sizes are uneven: a few urban districts hold most employers.
            weights = [rng.lognormvariate(0, 1.0) for _ in own]
            # Some provinces fall behind the 60 % target of 2017; some do not finish by 2018.
            behind_2017, behind_2018 = rng.random() < 0.25, rng.random() < 0.2
            handed_2017 = rng.uniform(0.30, 0.55) if behind_2017 else rng.uniform(0.60, 0.90)
            handed_2018 = rng.uniform(0.80, 0.97) if behind_2018 else rng.uniform(0.985, 1.0)
            plans.append(
                ProvincePlan(
                    office,
                    own,
                    tuple(accumulate(weights)),
                    handed_2017,
                    max(handed_2017, handed_2018),
                )
            )
        return plans

    # -- the plan, chunk by chunk ---------------------------------------------------------

    def chunks(self) -> Iterator[Chunk]:
        remaining = self.total_books
        chunk = Chunk()
        while remaining > 0:
            size = min(remaining, self._employer_size())
            remaining -= size
            self._plan_employer(chunk, size)
            if len(chunk.books) >= CHUNK_BOOKS:
                yield chunk
                chunk = Chunk()
        if chunk.books or chunk.employers:
            yield chunk

    def _employer_size(self) -> int:
        # Pareto: many employers of a handful of workers, a few factories of thousands.
        return min(self.size_cap, int(2 * self.rng.paretovariate(1.05)))

    def _plan_employer(self, chunk: Chunk, size: int) -> None:
        rng = self.rng
        plan = self.province_draw.draw(rng)
        district = rng.choices(plan.districts, cum_weights=plan.district_cum_weights)[0]
        office = plan.province if size >= PROVINCE_MANAGED_SIZE else district
        employer_id = self.ids.employer
        self.ids.employer += 1
        name = self._employer_name(size, district)
        chunk.employers.append(
            (
                employer_id,
                f"DV{employer_id:07d}",
                name,
                f"{plan.province.code}{rng.randrange(10**8):08d}",
                f"Số {rng.randint(1, 450)} {rng.choice(places.STREETS)}, {district.name}, "
                f"{plan.province.name}",
                office.id,
            )
        )
        # Employers of one province do not all keep the same pace.
        spread = rng.gauss(0, 0.08)
        handed_2017 = min(1.0, max(0.0, plan.handed_2017 + spread))
        handed_2018 = min(1.0, max(handed_2017, plan.handed_2018 + spread / 4))
        rounds = self._plan_rounds(size)
        self.in_arrears = self.waiting_rng.random() < ARREARS_SHARE
        for _ in range(size):
            self._plan_book(
                chunk, plan, office, employer_id, name, handed_2017, handed_2018, rounds
            )

    def _plan_rounds(self, size: int) -> Rounds:
        rng = self.rng
        count = min(25, 1 + size // 200)
        return Rounds(
            tuple(
                self._batch(_day_between(rng, date(2017, 2, 1), END_2017, late=True))
                for _ in range(count)
            ),
            tuple(self._batch(_day_between(rng, date(2018, 1, 2), END_2018)) for _ in range(count)),
            tuple(self._batch(_day_between(rng, date(2018, 3, 1), END_2018)) for _ in range(count)),
        )

    def _batch(self, handed: date) -> Batch:
        rng = self.rng
        confirmed = handed - timedelta(rng.randint(0, 10))
        corrected = confirmed - timedelta(rng.randint(0, 7))
        disputed = corrected - timedelta(rng.randint(3, 15))
        started = disputed - timedelta(rng.randint(2, 10))
        # Nothing before the campaign started; max() keeps the order of the days.
        return Batch(
            *(max(day, CAMPAIGN_START) for day in (started, disputed, corrected, confirmed, handed))
        )

    def _employer_name(self, size: int, district: OfficeRow) -> str:
        rng = self.rng
        if size < 40 and rng.random() < 0.12:
            return f"{rng.choice(places.PUBLIC_BODIES)} {district.name}"
        if size >= PROVINCE_MANAGED_SIZE:
            return (
                f"{FORMS.draw(rng)} {rng.choice(places.FACTORY_SECTORS)} "
                f"{rng.choice(places.BRANDS)}"
            )
        return self._company_name()

    def _company_name(self) -> str:
        rng = self.rng
        return f"{FORMS.draw(rng)} {rng.choice(places.SECTORS)} {rng.choice(places.BRANDS)}"

    def _person_name(self, sex: str) -> str:
        rng = self.rng
        return f"{SURNAMES.draw(rng)} {MIDDLE[sex].draw(rng)} {GIVEN[sex].draw(rng)}"

    def _plan_book(self, chunk, plan, office, employer_id, employer_name, h17, h18, rounds) -> None:
        rng = self.rng
        book_id = self.ids.book
        self.ids.book += 1
        province_code = plan.province.code
        serial = self.book_serial.get(province_code, 0) + 1
        self.book_serial[province_code] = serial
        number = f"{province_code}{serial:08d}"
        sex = "female" if rng.random() < 0.52 else "male"
        full_name = self._person_name(sex)
        age = 18 + int(rng.betavariate(2, 3.5) * 44)
        birth_year = 2017 - age
        birth = date(birth_year, 1, 1) + timedelta(days=rng.randrange(365))
        draw = rng.random()
        if draw < 0.06:
            birth, precision = date(birth_year, 1, 1), "year"
        elif draw < 0.09:
            birth, precision = birth.replace(day=1), "month"
        else:
            precision = "day"
        draw = rng.random()
        if draw < 0.6:
            identity = f"{rng.randrange(10**9):09d}"
        elif draw < 0.9:
            century = (0 if birth_year < 2000 else 2) + (1 if sex == "female" else 0)
            identity = f"0{province_code}{century}{birth_year % 100:02d}{rng.randrange(10**6):06d}"
        else:
            identity = ""
        start_year = min(2016, max(1995, birth_year + 18 + int(rng.expovariate(0.3))))
        start = (start_year, rng.randint(1, 12))
        issued_on = date(start_year, start[1], 1) + timedelta(days=rng.randint(20, 120))
        issued_on = min(issued_on, date(2016, 12, 20))
        chunk.books.append(
            [
                book_id, number, full_name, _folded(full_name), birth, precision, sex, identity,
                employer_id, office.id, issued_on,
            ]
        )  # fmt: skip
        periods = self._plan_periods(chunk, book_id, start, employer_name)
        state, state_on, waiting = self._plan_events(
            chunk, book_id, office.id, employer_id, full_name, birth, h17, h18, rounds, periods
        )
        chunk.books[-1] += [state, state_on, waiting]

    def _plan_periods(self, chunk, book_id, start, employer_name) -> int:
        """Plan the book's periods; return how many."""
        rng = self.rng
        planned = len(chunk.periods)
        first = start[0] * 12 + start[1] - 1
        last = LAST_MONTH[0] * 12 + LAST_MONTH[1] - 1
        months = last - first + 1
        segments = max(1, min(6, 1 + int(rng.expovariate(1 / max(1.0, months / 48)))))
        cuts = sorted(rng.sample(range(first + 1, last + 1), min(segments - 1, months - 1)))
        bounds = list(zip([first, *cuts], [*cuts, last + 1], strict=True))
        job = rng.choice(places.JOBS)
        level = rng.lognormvariate(0.3, 0.35)
        bhtn_first = BHTN_START[0] * 12 + BHTN_START[1] - 1
        for index, (seg_from, seg_end) in enumerate(bounds):
            seg_to = seg_end - 1
            year = seg_from // 12
            wage = int(max(300_000, 3_500_000 * 1.08 ** (year - 2016) * level) // 1000 * 1000)
            level *= rng.uniform(1.0, 1.15)
            workplace = employer_name if index == len(bounds) - 1 else rng.choice(self.workplaces)
            text = f"{job}, {workplace}"
            rate = (
                "20.00"
                if year < 2010
                else "22.00"
                if year < 2012
                else "24.00"
                if year < 2014
                else "26.00"
            )
            chunk.periods.append(
                (
                    self._period_id(),
                    book_id,
                    "BHXH",
                    _month(seg_from),
                    _month(seg_to),
                    text,
                    wage,
                    rate,
                )
            )
            if seg_to >= bhtn_first:
                chunk.periods.append(
                    (
                        self._period_id(),
                        book_id,
                        "BHTN",
                        _month(max(seg_from, bhtn_first)),
                        _month(seg_to),
                        text,
                        wage,
                        "2.00",
                    )
                )
        return len(chunk.periods) - planned

    def _period_id(self) -> int:
        self.ids.period += 1
        return self.ids.period - 1

    # -- the campaign ---------------------------------------------------------------------

    def _plan_events(
        self, chunk, book_id, office_id, employer_id, full_name, birth, h17, h18, rounds, periods
    ):
        rng = self.rng
        steps: list[tuple[str, date, dict]] = []
        if rng.random() < 0.03:
            batch = rng.choice(rounds.in_2017 + rounds.in_2018)
            if rng.random() < 0.3:
                steps.append((START_REVIEW, batch.started, {}))
            steps.append((EXCLUDE, batch.confirmed, {"reason": EXCLUSIONS.draw(rng)}))
            if rng.random() < 0.1:
                back_on = batch.confirmed + timedelta(30)
                steps.append((REINSTATE, back_on, {"reason": "Người lao động vẫn đang làm việc"}))
        else:
            draw = rng.random()
            if draw < h17:
                steps = self._review_steps(full_name, birth, rng.choice(rounds.in_2017), None)
            elif draw < h18:
                steps = self._review_steps(full_name, birth, rng.choice(rounds.in_2018), None)
            else:
                # Not handed over by the end: stopped somewhere along the way in 2018.
                stop = rng.choices(UNFINISHED, cum_weights=UNFINISHED_CUM_WEIGHTS)[0]
                if stop != "not_reviewed":
                    batch = rng.choice(rounds.unfinished)
                    steps = self._review_steps(full_name, birth, batch, stop)
                steps += self._waiting_step(steps)
        return self._write_events(chunk, book_id, office_id, employer_id, steps, periods)

    def _waiting_step(self, steps: list) -> list:
        """Why an unfinished book waits, if it does: its employer's arrears, or a reason of
        its own for some; recorded a few weeks after its last step."""
        rng = self.waiting_rng
        if self.in_arrears:
            reason, words = "arrears", ARREARS_WORDS
        elif rng.random() < WAITING_SHARE:
            reason = WAITING_REASON_DRAW.draw(rng)
            words = WAITING_WORDS if reason == "other" else ""
        else:
            return []
        last = steps[-1][1] if steps else date(2018, 3, 1)
        on = min(END_2018, last + timedelta(days=rng.randint(7, 45)))
        details = {"reason": reason, "words": words} if words else {"reason": reason}
        return [(SET_WAITING, on, details)]

    def _review_steps(self, full_name: str, birth: date, batch: Batch, stop: str | None) -> list:
        """The steps of a book in `batch`, up to the hand-over or to `stop`."""
        rng = self.rng
        steps = [(START_REVIEW, batch.started, {})]
        if stop == "disputed" or (stop is None and rng.random() < 0.05):
            reason = DISPUTES.draw(rng)
            words = WORKER_WORDS[reason].format(year=rng.randint(2005, 2016))
            steps.append((DISPUTE, batch.disputed, {"reasons": [reason], "worker_words": words}))
            if stop == "disputed":
                return steps
            correction = {"note": CORRECTION_NOTES[reason]}
            if reason == "identity":
                correction["changes"] = _identity_change(full_name, birth)
            steps.append((CORRECT, batch.corrected, correction))
        if stop == "in_review":
            return steps
        steps.append((CONFIRM, batch.confirmed, {}))
        if stop is None:
            if rng.random() < 0.05:
                details = {"receiver": "authorised", "receiver_name": self._person_name("female")}
            else:
                details = {"receiver": "worker"}
            steps.append((HAND_OVER, batch.handed, details))
        return steps

    def _write_events(
        self, chunk, book_id, office_id, employer_id, steps, periods
    ) -> tuple[str, date]:
        state = State.NOT_REVIEWED.value
        # The register event records the periods written with the book, as an import's does.
        registered = {"periods_added": periods} if periods else {}
        chunk.events.append(
            self._event(
                book_id, REGISTER, "", state, REGISTERED_ON, registered, office_id, employer_id
            )
        )
        deltas = chunk.employer_deltas
        counts = chunk.employer_counts
        deltas[employer_id, REGISTERED_ON, state] += 1
        on = REGISTERED_ON
        waiting = ""
        for action, on, details in steps:
            if action == SET_WAITING:
                # Only ever the last step of a plan: no move comes after to clear it.
                waiting = details["reason"]
                chunk.events.append(
                    self._event(
                        book_id, action, state, state, on, details, office_id, employer_id,
                        waiting,
                    )
                )  # fmt: skip
                deltas[employer_id, on, WAITING_BUCKET[waiting]] += 1
                counts[employer_id, WAITING_BUCKET[waiting]] += 1
                continue
            target = TRANSITIONS.get((action, state))
            assert target is not None, f"demo plan broke the lifecycle: {action} from {state}"
            chunk.events.append(
                self._event(book_id, action, state, target, on, details, office_id, employer_id)
            )
            deltas[employer_id, on, state] -= 1
            deltas[employer_id, on, target] += 1
            deltas[employer_id, on, ACTION_BUCKET[action]] += 1
            counts[employer_id, ACTION_BUCKET[action]] += 1
            state = target
        counts[employer_id, state] += 1
        return state, on, waiting

    def _event(
        self, book_id, action, source, target, on, details, office_id, employer_id, waiting=""
    ):
        event_id = self.ids.event
        self.ids.event += 1
        return (
            event_id, book_id, action, source, target, on, self._recorded_at(on),
            "web", _json(details), office_id,
            employer_id, waiting,
        )  # fmt: skip

    def _recorded_at(self, on: date) -> datetime:
        # Offices enter the day's work in the afternoon (16:30 in Hà Nội is 09:30 UTC).
        # Aware, as PostgreSQL's COPY takes it: millions of events are written unchanged.
        stamp = self.recorded.get(on)
        if stamp is None:
            stamp = self.recorded[on] = datetime.combine(on, time(9, 30), tzinfo=UTC)
        return stamp


def _json(details: dict) -> str:
    if not details:
        return "{}"
    if len(details) == 1:  # {"receiver": "worker"}, {"reason": "deceased"}: the common ones
        ((key, value),) = details.items()
        if isinstance(value, str):
            return _one_key_json(key, value)
    return json.dumps(details, ensure_ascii=False)


@cache
def _one_key_json(key: str, value: str) -> str:
    return json.dumps({key: value}, ensure_ascii=False)


@cache
def _folded(name: str) -> str:
    # Names repeat (a few tens of thousands of combinations): fold each once.
    return fold(name)


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _day_between(rng: random.Random, first: date, last: date, *, late: bool = False) -> date:
    span = (last - first).days
    fraction = rng.random()
    if late:  # the pace picks up as the year goes on
        fraction = math.sqrt(fraction)
    return first + timedelta(days=int(span * fraction))


def _identity_change(full_name: str, birth: date) -> dict:
    given = full_name.rsplit(" ", 1)
    misspelt = f"{given[0]} {fold(given[1]).title()}" if len(given) == 2 else full_name
    if misspelt != full_name:
        return {"full_name": [misspelt, full_name]}
    wrong = birth.replace(year=birth.year + 1) if birth.month != 2 or birth.day != 29 else birth
    return {"birth_date": [wrong.isoformat(), birth.isoformat()]}
