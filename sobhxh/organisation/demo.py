"""Demo data of the steering committees: for the centre's committee and each province's,
its members, a year and a half of meetings (January 2017 to June 2018: monthly at the
centre and in the big provinces, quarterly elsewhere) with attendees and minutes, and the
decisions of each meeting with their owners, due dates, states and history.

`plan(rng, ...)` decides everything from one `random.Random` consumed in a fixed order
(same seed, same data) and returns plain `CommitteePlan`s; `write(plans)` writes them in
bulk. The plan keeps every rule of the services (`services.add_member`, `record_meeting`,
`record_decision`, `change_decision_state`): attendees and owners are members on the
meeting's day, a due date is not before its meeting, every change of state is a move of
`DECISION_MOVES` with the note it needs. The tests replay a plan through the services and
find the same rows.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from sobhxh.books.demo.generator import GIVEN, MIDDLE, SURNAMES
from sobhxh.books.demo.places import PROVINCE_WEIGHTS
from sobhxh.problems.deadlines import is_working_day
from sobhxh.units.models import CENTRE_CODE

from .models import (
    DECISION_MOVES,
    NOTE_NEEDED,
    Committee,
    Decision,
    DecisionChange,
    DecisionState,
    Department,
    Function,
    Meeting,
    Member,
    MemberRole,
)

FIRST_MONTH = (2017, 1)
LAST_MONTH = (2018, 6)
# Provinces whose committee meets every month, as the centre's does: the most books.
MONTHLY = frozenset(code for code, weight in PROVINCE_WEIGHTS.items() if weight >= 24)
# Meetings end at 17:00 in Hà Nội (10:00 UTC); a decision's change is recorded at 16:00.
MEETING_ENDS = time(10, 0)
CHANGE_RECORDED = time(9, 0)

HEAD_TITLES = {"centre": "Phó Tổng Giám đốc BHXH Việt Nam", "province": "Giám đốc {office}"}
DEPUTY_TITLES = {"centre": "Trưởng ban Sổ - Thẻ", "province": "Phó Giám đốc {office}"}
CHIEF_TITLES = {
    "centre": {
        Function.BOOK_CARD: "Phó Trưởng ban Sổ - Thẻ",
        Function.IT: "Giám đốc Trung tâm Công nghệ thông tin",
        Function.FINANCE: "Vụ trưởng Vụ Tài chính - Kế toán",
        Function.REVENUE: "Trưởng ban Thu",
        Function.BENEFITS: "Trưởng ban Thực hiện chính sách BHXH",
    },
    "province": {
        Function.BOOK_CARD: "Trưởng phòng Cấp sổ, thẻ",
        Function.IT: "Trưởng phòng Công nghệ thông tin",
        Function.FINANCE: "Trưởng phòng Kế hoạch - Tài chính",
        Function.REVENUE: "Trưởng phòng Quản lý thu",
        Function.BENEFITS: "Trưởng phòng Chế độ BHXH",
    },
}
SECRETARY_TITLES = {
    "centre": "Chuyên viên Ban Sổ - Thẻ",
    "province": "Phó Trưởng phòng Cấp sổ, thẻ",
}
PLACES = {
    "centre": "Phòng họp số 1, trụ sở BHXH Việt Nam, 7 Tràng Thi, Hà Nội",
    "province": "Phòng họp tầng {floor}, trụ sở {office}",
}

AGENDA = (
    "đánh giá tiến độ rà soát, bàn giao sổ BHXH tháng {month}",
    "kiểm điểm kết quả thực hiện Kế hoạch 112/KH-BHXH tháng {month}",
    "sơ kết công tác rà soát, bàn giao sổ BHXH đến tháng {month}",
)
FINDINGS = (
    "Số sổ đã bàn giao cho người lao động đạt {handed} % số sổ phải giao; đã rà soát {reviewed} %.",
    "Đã in và chuyển cho đơn vị {reviewed} % phiếu đối chiếu (Mẫu 03); "
    "số sổ đã giao đạt {handed} %.",
    "Lũy kế đến cuối tháng, tỷ lệ sổ đã bàn giao đạt {handed} %, "
    "thấp hơn kế hoạch ở một số đơn vị lớn.",
)
DIFFICULTIES = (
    "Một số đơn vị nợ đóng kéo dài nên chưa chốt được sổ cho người lao động.",
    "Phần mềm rà soát còn chậm vào giờ cao điểm, có lúc không in được Mẫu 03.",
    "Nhiều người lao động đã nghỉ việc, đơn vị không liên lạc được để giao sổ.",
    "Các trường hợp một người có nhiều sổ cần gộp còn tồn đọng.",
    "Kinh phí in bìa sổ, tờ rời và chuyển phát chưa được phân bổ đủ.",
    "Đơn vị gửi lại Mẫu 01 chậm, thiếu chữ ký của người lao động.",
)
CONCLUSIONS = (
    "Tổ Chỉ đạo thống nhất tập trung đôn đốc các đơn vị có tỷ lệ bàn giao thấp.",
    "Tổ Chỉ đạo yêu cầu các phòng phối hợp xử lý dứt điểm vướng mắc trong tháng.",
    "Các thành viên báo cáo kết quả tại cuộc họp tiếp theo.",
)

SECRETARY = "secretary"
# (function of the owner's department, None for the deputy or SECRETARY, the decision)
DECISIONS = (
    (
        Function.BOOK_CARD,
        "Đôn đốc {n} đơn vị có tỷ lệ bàn giao sổ dưới 30 % hoàn thành trong tháng.",
    ),
    (Function.BOOK_CARD, "Tổng hợp các trường hợp gộp sổ còn tồn, đề xuất hướng xử lý."),
    (
        Function.BOOK_CARD,
        "Rà soát danh sách người lao động đã nghỉ việc chưa nhận sổ, thông báo trên cổng "
        "thông tin.",
    ),
    (
        Function.BOOK_CARD,
        "Hướng dẫn các BHXH huyện lập Mẫu 02 đúng quy định Công văn 4027/BHXH-ST.",
    ),
    (
        Function.REVENUE,
        "Làm việc với {n} đơn vị nợ đóng trên 3 tháng để chốt sổ cho người lao động.",
    ),
    (
        Function.REVENUE,
        "Đối chiếu số liệu thu với dữ liệu sổ của các đơn vị có sai lệch tiền lương.",
    ),
    (
        Function.IT,
        "Nâng cấp đường truyền, bảo đảm phần mềm rà soát hoạt động ổn định giờ cao điểm.",
    ),
    (Function.IT, "Tập huấn sử dụng phần mềm in Mẫu 03 cho cán bộ các BHXH huyện."),
    (Function.FINANCE, "Lập dự toán kinh phí in bìa sổ, tờ rời và chuyển phát quý tới."),
    (Function.FINANCE, "Hướng dẫn thanh quyết toán kinh phí rà soát, bàn giao sổ theo định mức."),
    (
        Function.BENEFITS,
        "Giải quyết dứt điểm hồ sơ hưởng chế độ của người lao động đang chờ xác nhận sổ.",
    ),
    (None, "Báo cáo BHXH Việt Nam kết quả thực hiện và các vướng mắc vượt thẩm quyền."),
    (None, "Kiểm tra trực tiếp tiến độ tại {n} BHXH huyện có tỷ lệ bàn giao thấp."),
    (SECRETARY, "Tổng hợp báo cáo tiến độ (Mẫu 05) gửi BHXH Việt Nam trước ngày 10 tháng sau."),
    (SECRETARY, "Tổng hợp các vướng mắc chưa được trả lời quá hạn, báo cáo Trưởng ban."),
)
FINAL_REPORT = "Chuẩn bị báo cáo tổng kết Kế hoạch 112/KH-BHXH, trình Tổ Chỉ đạo trước 28/12/2018."
DONE_NOTES = (
    "Đã hoàn thành, báo cáo tại cuộc họp ngày {day}.",
    "Đã thực hiện xong, có văn bản báo cáo ngày {day}.",
    "Hoàn thành đúng yêu cầu ngày {day}.",
)
REOPEN_NOTES = ("Kiểm tra lại chưa đạt yêu cầu, tiếp tục thực hiện.", "")
CANCEL_NOTES = (
    "Không còn cần thiết: nội dung đã được BHXH Việt Nam hướng dẫn chung.",
    "Gộp vào kết luận của cuộc họp sau.",
)


@dataclass
class MemberPlan:
    role: str
    title: str
    active_from: date
    user_id: int | None = None
    full_name: str = ""
    department_id: int | None = None
    active_to: date | None = None

    def active_on(self, day: date) -> bool:
        return self.active_from <= day and (self.active_to is None or day <= self.active_to)


@dataclass
class DecisionPlan:
    text: str
    owner: int  # index into the committee's members
    due_on: date
    # (day, to state, note), in order: the moves after the making ("" → open).
    changes: list[tuple[date, str, str]] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.changes[-1][1] if self.changes else DecisionState.OPEN


@dataclass
class MeetingPlan:
    held_on: date
    place: str
    attendees: list[int]  # indexes into the committee's members
    minutes: str
    decisions: list[DecisionPlan] = field(default_factory=list)


@dataclass
class CommitteePlan:
    committee_id: int
    established_on: date
    decision_number: str
    members: list[MemberPlan] = field(default_factory=list)
    meetings: list[MeetingPlan] = field(default_factory=list)
    # The user who records the meetings and the changes of decisions (the secretary), if any.
    recorder_id: int | None = None


def plan(rng: random.Random, *, demo_users: dict[str, int] | None = None) -> list[CommitteePlan]:
    """The plan of every committee, in office code order. `demo_users` maps "demo" (a
    central user of Book and Card) and "demo-tinh" (a user of Hồ Chí Minh's Book and Card) to
    their ids: they are the secretaries of those committees."""
    demo_users = demo_users or {}
    departments = {
        (office_id, function): pk
        for pk, office_id, function in Department.objects.values_list("pk", "office_id", "function")
    }
    committees = Committee.objects.select_related("office").order_by("office__code")
    plans = []
    for committee in committees:
        office = committee.office
        level = "centre" if office.code == CENTRE_CODE else "province"
        user = demo_users.get("demo" if level == "centre" else "demo-tinh")
        if level == "province" and office.code != "79":
            user = None
        plans.append(_plan_committee(rng, committee, level, departments, user))
    return plans


def _person(rng: random.Random) -> str:
    sex = "female" if rng.random() < 0.4 else "male"
    return f"{SURNAMES.draw(rng)} {MIDDLE[sex].draw(rng)} {GIVEN[sex].draw(rng)}"


def _working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _plan_committee(rng, committee, level, departments, secretary_user) -> CommitteePlan:
    office = committee.office
    office_name = office.office_name
    established = _working_day(date(2017, 1, rng.randint(10, 20)))
    number = f"{rng.randint(20, 180)}/QĐ-BHXH"
    result = CommitteePlan(committee.pk, established, number, recorder_id=secretary_user)

    def department(function):
        return departments.get((office.pk, str(function)))

    members = result.members
    members.append(
        MemberPlan(
            MemberRole.HEAD,
            HEAD_TITLES[level].format(office=office_name),
            established,
            full_name=_person(rng),
        )
    )
    deputy_department = department(Function.BOOK_CARD) if level == "centre" else None
    members.append(
        MemberPlan(
            MemberRole.DEPUTY,
            DEPUTY_TITLES[level].format(office=office_name),
            established,
            full_name=_person(rng),
            department_id=deputy_department,
        )
    )
    for function, title in CHIEF_TITLES[level].items():
        members.append(
            MemberPlan(
                MemberRole.MEMBER,
                title,
                established,
                full_name=_person(rng),
                department_id=department(function),
            )
        )
    if secretary_user is not None:
        members.append(
            MemberPlan(
                MemberRole.SECRETARY,
                SECRETARY_TITLES[level],
                established,
                user_id=secretary_user,
                department_id=department(Function.BOOK_CARD),
            )
        )
    else:
        members.append(
            MemberPlan(
                MemberRole.SECRETARY,
                SECRETARY_TITLES[level],
                established,
                full_name=_person(rng),
                department_id=department(Function.BOOK_CARD),
            )
        )
    # Now and then a head of department moves on and a successor takes the place.
    if rng.random() < 0.2:
        leaving = members[rng.randrange(2, 2 + len(CHIEF_TITLES[level]))]
        last_day = date(2017, 6, 1) + timedelta(days=rng.randrange(300))
        leaving.active_to = last_day
        members.append(
            MemberPlan(
                MemberRole.MEMBER,
                leaving.title,
                last_day + timedelta(days=1),
                full_name=_person(rng),
                department_id=leaving.department_id,
            )
        )

    monthly = level == "centre" or office.code in MONTHLY
    year, month = FIRST_MONTH
    index = 0
    while (year, month) <= LAST_MONTH:
        if monthly or month % 3 == 0 or (year, month) == FIRST_MONTH:
            held_on = _working_day(date(year, month, rng.randint(18, 26)))
            if held_on > established:
                index += 1
                result.meetings.append(
                    _plan_meeting(rng, result, level, office_name, held_on, index, department)
                )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if secretary_user is not None and result.meetings:
        # The demo user who keeps the minutes has work of their own still open.
        last = result.meetings[-1]
        secretary = next(i for i, m in enumerate(members) if m.role == MemberRole.SECRETARY)
        last.decisions.append(DecisionPlan(FINAL_REPORT, secretary, date(2018, 12, 28)))
    return result


def _plan_meeting(rng, committee, level, office_name, held_on, index, department):
    present = [i for i, member in enumerate(committee.members) if member.active_on(held_on)]
    attendees = [
        i
        for i in present
        if committee.members[i].role == MemberRole.SECRETARY or rng.random() < 0.88
    ]
    place = PLACES[level].format(floor=rng.randint(2, 5), office=office_name)
    # The campaign's progress as the minutes tell it: about 60 % handed over by the end of 2017.
    months = (held_on.year - 2017) * 12 + held_on.month
    handed = min(99.5, max(0.5, 60 * months / 12 * rng.uniform(0.8, 1.1)))
    reviewed = min(100.0, handed * rng.uniform(1.1, 1.35))
    month = f"{held_on.month}/{held_on.year}"
    minutes = " ".join(
        [
            f"Cuộc họp lần thứ {index} của Tổ Chỉ đạo: "
            + rng.choice(AGENDA).format(month=month)
            + ".",
            rng.choice(FINDINGS).format(handed=_pct(handed), reviewed=_pct(reviewed)),
            "Khó khăn: " + " ".join(rng.sample(DIFFICULTIES, 2)),
            rng.choice(CONCLUSIONS),
        ]
    )
    meeting = MeetingPlan(held_on, place, attendees, minutes)
    owners_by_department = {
        member.department_id: i
        for i, member in enumerate(committee.members)
        if member.active_on(held_on) and member.role == MemberRole.MEMBER
    }
    deputy = next(i for i, m in enumerate(committee.members) if m.role == MemberRole.DEPUTY)
    secretary = next(i for i, m in enumerate(committee.members) if m.role == MemberRole.SECRETARY)
    for function, text in rng.sample(DECISIONS, rng.randint(1, 3)):
        if function == SECRETARY:
            owner = secretary
        elif function:
            owner = owners_by_department.get(department(function), deputy)
        else:
            owner = deputy
        due_on = _working_day(held_on + timedelta(days=rng.randint(10, 40)))
        decision = DecisionPlan(text.format(n=rng.randint(3, 25)), owner, due_on)
        _plan_changes(rng, decision, held_on)
        meeting.decisions.append(decision)
    return meeting


def _plan_changes(rng, decision: DecisionPlan, held_on: date) -> None:
    draw = rng.random()
    done_on = min(
        date(2018, 12, 28), _working_day(decision.due_on + timedelta(days=rng.randint(-20, 12)))
    )
    done_on = max(done_on, held_on + timedelta(days=1))
    done_note = rng.choice(DONE_NOTES).format(day=f"{done_on:%d/%m/%Y}")
    if draw < 0.72:
        decision.changes.append((done_on, DecisionState.DONE, done_note))
    elif draw < 0.78:  # marked done, found unfinished, done again
        again = _working_day(done_on + timedelta(days=rng.randint(5, 20)))
        decision.changes += [
            (done_on, DecisionState.DONE, done_note),
            (again, DecisionState.OPEN, rng.choice(REOPEN_NOTES)),
            (
                _working_day(again + timedelta(days=rng.randint(5, 25))),
                DecisionState.DONE,
                rng.choice(DONE_NOTES).format(day=f"{again:%d/%m/%Y}"),
            ),
        ]
    elif draw < 0.84:
        cancelled = _working_day(held_on + timedelta(days=rng.randint(3, 30)))
        decision.changes.append((cancelled, DecisionState.CANCELLED, rng.choice(CANCEL_NOTES)))
    # else: still open, past its due date now that the campaign is over
    state = DecisionState.OPEN
    for _day, to, note in decision.changes:
        assert to in DECISION_MOVES[state] and (note or to not in NOTE_NEEDED), "demo broke a rule"
        state = to


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=UTC)


def write(plans: list[CommitteePlan]) -> dict[str, int]:
    """Write the plans in bulk (a few thousand rows); return how many of each were made."""
    with transaction.atomic():
        for committee in plans:
            Committee.objects.filter(pk=committee.committee_id).update(
                established_on=committee.established_on,
                decision_number=committee.decision_number,
            )
        members = [
            Member(
                committee_id=committee.committee_id,
                user_id=member.user_id,
                full_name=member.full_name,
                title=member.title,
                role=member.role,
                department_id=member.department_id,
                active_from=member.active_from,
                active_to=member.active_to,
            )
            for committee in plans
            for member in committee.members
        ]
        Member.objects.bulk_create(members, batch_size=1000)
        member_ids = iter(member.pk for member in members)
        keys = [[next(member_ids) for _m in committee.members] for committee in plans]
        meetings = [
            Meeting(
                committee_id=committee.committee_id,
                held_on=meeting.held_on,
                place=meeting.place,
                minutes=meeting.minutes,
                recorded_by_id=committee.recorder_id,
                recorded_at=_at(meeting.held_on, MEETING_ENDS),
            )
            for committee in plans
            for meeting in committee.meetings
        ]
        Meeting.objects.bulk_create(meetings, batch_size=1000)
        made = iter(meetings)
        attendees, decisions, plans_of = [], [], []
        for committee, ids in zip(plans, keys, strict=True):
            for meeting in committee.meetings:
                row = next(made)
                attendees += [
                    Meeting.attendees.through(meeting_id=row.pk, member_id=ids[i])
                    for i in meeting.attendees
                ]
                for decision in meeting.decisions:
                    decisions.append(
                        Decision(
                            meeting_id=row.pk,
                            text=decision.text,
                            owner_id=ids[decision.owner],
                            due_on=decision.due_on,
                            state=decision.state,
                        )
                    )
                    plans_of.append((committee, meeting, decision))
        Meeting.attendees.through.objects.bulk_create(attendees, batch_size=2000)
        Decision.objects.bulk_create(decisions, batch_size=1000)
        changes = []
        for row, (committee, meeting, decision) in zip(decisions, plans_of, strict=True):
            state = ""
            steps = [(meeting.held_on, DecisionState.OPEN, ""), *decision.changes]
            for day, to, note in steps:
                moment = MEETING_ENDS if not state else CHANGE_RECORDED
                changes.append(
                    DecisionChange(
                        decision_id=row.pk,
                        actor_id=committee.recorder_id,
                        at=_at(day, moment),
                        from_state=state,
                        to_state=to,
                        note=note,
                    )
                )
                state = to
        DecisionChange.objects.bulk_create(changes, batch_size=2000)
    return {
        "members": len(members),
        "meetings": len(meetings),
        "decisions": len(decisions),
        "changes": len(changes),
    }
