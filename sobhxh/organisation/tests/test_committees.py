from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sobhxh.accounts.models import Role
from sobhxh.organisation.models import Committee, Member, MemberRole
from sobhxh.organisation.services import (
    add_member,
    create_committee,
    create_committees,
    deactivate_member,
    record_decision,
    record_meeting,
)
from sobhxh.testing.factories import (
    committee,
    department,
    make_decision,
    make_meeting,
    make_member,
    make_user,
    office_with_code,
)
from sobhxh.units.models import Office

pytestmark = pytest.mark.django_db

JOINED = date(2017, 1, 15)


def refusal(error: ValidationError) -> dict[str, list[str]]:
    """The messages of a refusal by field ("__all__" for one that names none)."""
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages]
            for field, errors in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}


def test_the_migration_gives_the_centre_and_every_province_an_empty_committee():
    assert Committee.objects.count() == 1 + 63
    assert not Committee.objects.filter(office__level=Office.Level.DISTRICT).exists()
    assert str(committee("79")) == "Ban Chỉ đạo thực hiện Kế hoạch 112 – BHXH Thành phố Hồ Chí Minh"
    assert committee("VN").name == "Ban Chỉ đạo thực hiện Kế hoạch 112 – BHXH Việt Nam"
    assert not Member.objects.exists()
    assert create_committees(Office.objects.all()) == 0


def test_an_office_has_one_committee_and_a_district_none():
    with pytest.raises(ValidationError) as twice:
        create_committee(office=office_with_code("79"))
    assert refusal(twice.value) == {"__all__": ["BHXH Thành phố Hồ Chí Minh đã có Ban Chỉ đạo."]}
    with pytest.raises(ValidationError) as district:
        create_committee(office=office_with_code("760"))
    assert "Chỉ BHXH Việt Nam và BHXH tỉnh" in refusal(district.value)["__all__"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Committee.objects.create(office=office_with_code("01"), name="Ban thứ hai")


def test_create_committee_names_it_after_its_office():
    committee("01").delete()
    made = create_committee(
        office=office_with_code("01"), established_on=date(2017, 2, 1), decision_number="45/QĐ-BHXH"
    )
    assert made.name == "Ban Chỉ đạo thực hiện Kế hoạch 112 – BHXH Thành phố Hà Nội"
    assert (made.established_on, made.decision_number) == (date(2017, 2, 1), "45/QĐ-BHXH")


def test_a_user_member_takes_their_department_unless_another_is_given():
    director = make_user(role=Role.PROVINCE, office="79", department="book_card")
    member = make_member("79", director, role=MemberRole.HEAD)
    assert member.department == department("79", "book_card")
    assert member.display_name == director.get_username()
    other = make_user(role=Role.PROVINCE, office="79", first_name="Lan", last_name="Trần Thị")
    it = make_member("79", other, department=department("VN", "it"))
    assert it.department == department("VN", "it")  # the centre's departments are allowed too
    assert it.display_name == "Lan Trần Thị"


def test_a_named_member_needs_a_name_and_a_title():
    named = make_member("79", full_name="Nguyễn Văn Bình", title="Phó Giám đốc")
    assert str(named) == "Nguyễn Văn Bình"
    with pytest.raises(ValidationError) as untitled:
        make_member("79", full_name="Lê Văn Cường", title="")
    assert refusal(untitled.value) == {"title": ["Hãy nhập chức vụ của Lê Văn Cường."]}
    with pytest.raises(ValidationError) as nobody:
        add_member(committee=committee("79"), role="member", active_from=JOINED)
    assert refusal(nobody.value) == {
        "user": ["Hãy chọn một người dùng, hoặc nhập họ tên và chức vụ của người đó."]
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(committee=committee("79"), role="member", active_from=JOINED)


@pytest.mark.parametrize(
    ("role", "office", "committee_code"),
    [
        (Role.PROVINCE, "01", "79"),  # another province
        (Role.DISTRICT, "760", "79"),  # a district of the province
        (Role.CENTRAL, None, "79"),  # the centre sits in its own committee only
        (Role.PROVINCE, "79", "VN"),
    ],
)
def test_a_user_member_must_be_of_the_committee_s_office(role, office, committee_code):
    user = make_user("khac", role=role, office=office)
    with pytest.raises(ValidationError) as refused:
        make_member(committee_code, user)
    [message] = refusal(refused.value)["user"]
    assert message.startswith("khac không làm việc tại ")
    assert message.endswith(
        "thành viên có tài khoản phải là người dùng của cơ quan có Ban Chỉ đạo."
    )


def test_a_central_user_sits_in_the_centre_s_committee():
    assert make_member("VN", make_user(role=Role.CENTRAL)).committee == committee("VN")


def test_a_user_holds_one_place_at_a_time():
    user = make_user(role=Role.PROVINCE, office="79")
    member = make_member("79", user)
    with pytest.raises(ValidationError) as twice:
        make_member("79", user, role=MemberRole.DEPUTY)
    assert refusal(twice.value)["user"] == [
        f"{user.username} đã là thành viên của Ban Chỉ đạo này."
    ]
    deactivate_member(member=member, on=date(2017, 6, 30))
    assert make_member("79", user, role=MemberRole.DEPUTY, active_from=date(2017, 7, 1))


def test_a_member_s_department_is_of_their_office_or_the_centre():
    with pytest.raises(ValidationError) as refused:
        make_member("79", department=department("01", "it"))
    assert refusal(refused.value) == {
        "department": [
            "Phòng ban này không thuộc BHXH Thành phố Hồ Chí Minh, cũng không thuộc BHXH Việt Nam."
        ]
    }


def test_deactivating_a_member_ends_their_place_once():
    member = make_member("79")
    with pytest.raises(ValidationError) as early:
        deactivate_member(member=member, on=date(2017, 1, 1))
    assert "ngày cuối không thể trước ngày đó" in refusal(early.value)["on"][0]
    deactivate_member(member=member, on=date(2017, 12, 31))
    assert member.active_on(date(2017, 12, 31)) and not member.active_on(date(2018, 1, 1))
    with pytest.raises(ValidationError) as again:
        deactivate_member(member=member, on=date(2018, 1, 5))
    assert refusal(again.value)["__all__"] == [
        f"{member.full_name} đã rời Ban Chỉ đạo ngày 31/12/2017."
    ]


def test_a_meeting_records_its_attendees_and_minutes():
    head, secretary = make_member("79", role="head"), make_member("79", role="secretary")
    meeting = make_meeting("79", [head, secretary], minutes="Giao chỉ tiêu tháng 4.")
    assert set(meeting.attendees.all()) == {head, secretary}
    assert meeting.minutes == "Giao chỉ tiêu tháng 4."
    assert str(meeting).endswith("– 10/03/2017")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"place": " "}, "place", "Hãy nhập địa điểm họp."),
        ({"attendees": []}, "attendees", "Hãy đánh dấu những thành viên đã dự họp."),
        (
            {"held_on": date(2017, 1, 10)},
            "attendees",
            "không phải là thành viên của Ban Chỉ đạo này",
        ),
    ],
)
def test_a_meeting_is_refused_without_place_attendees_or_with_non_members(change, field, message):
    arguments = {
        "committee": committee("79"),
        "held_on": date(2017, 3, 10),
        "place": "Phòng họp",
        "attendees": [make_member("79")],
    } | change
    with pytest.raises(ValidationError) as refused:
        record_meeting(**arguments)
    assert message in refusal(refused.value)[field][0]


def test_a_member_of_another_committee_does_not_attend():
    with pytest.raises(ValidationError) as refused:
        make_meeting("79", [make_member("01", full_name="Hà Văn Nội", title="Trưởng phòng")])
    assert refusal(refused.value)["attendees"] == [
        "Hà Văn Nội không phải là thành viên của Ban Chỉ đạo này vào ngày 10/03/2017."
    ]


def test_a_planned_meeting_has_no_attendees_minutes_nor_decisions_yet():
    ahead = timezone.localdate() + timedelta(days=7)
    member = make_member("79", active_from=date(2017, 1, 1))
    with pytest.raises(ValidationError) as refused:
        record_meeting(
            committee=committee("79"), held_on=ahead, place="Hội trường", attendees=[member]
        )
    assert "chưa diễn ra" in refusal(refused.value)["__all__"][0]
    planned = record_meeting(committee=committee("79"), held_on=ahead, place="Hội trường")
    with pytest.raises(ValidationError) as early:
        record_decision(meeting=planned, text="Việc", owner=member, due_on=ahead)
    assert refusal(early.value)["__all__"] == ["Kết luận chỉ được ghi sau khi cuộc họp diễn ra."]
    too_far = timezone.localdate() + timedelta(days=400)
    with pytest.raises(ValidationError) as far:
        record_meeting(committee=committee("79"), held_on=too_far, place="Hội trường")
    assert refusal(far.value)["held_on"] == ["Cuộc họp còn hơn một năm nữa."]


def test_a_decision_has_an_owner_of_the_committee_and_a_due_date_after_the_meeting():
    meeting = make_meeting("79")
    decision = make_decision(meeting)
    assert (decision.state, decision.owner) == ("open", meeting.attendees.get())
    [made] = decision.history.all()
    assert (made.from_state, made.to_state) == ("", "open")
    cases = [
        ({"text": " "}, "text", "Hãy ghi nội dung kết luận."),
        ({"due_on": date(2017, 3, 9)}, "due_on", "Thời hạn trước ngày họp."),
        ({"owner": make_member("01")}, "owner", "không phải là thành viên của Ban Chỉ đạo này"),
        ({"owner": make_member("79", active_from=date(2017, 3, 11))}, "owner", "vào ngày 10/03"),
    ]
    for change, field, message in cases:
        arguments = {
            "meeting": meeting,
            "text": "Việc",
            "owner": decision.owner,
            "due_on": date(2017, 4, 1),
        } | change
        with pytest.raises(ValidationError) as refused:
            record_decision(**arguments)
        assert message in refusal(refused.value)[field][0], change


def test_only_a_manager_of_the_committee_writes_to_it():
    reader = make_user(role=Role.PROVINCE, office="79")
    make_member("79", reader)  # a plain member reads only
    for write in [
        lambda: add_member(
            committee=committee("79"),
            role="member",
            active_from=JOINED,
            full_name="A",
            title="B",
            actor=reader,
        ),
        lambda: record_meeting(committee=committee("79"), held_on=JOINED, place="P", actor=reader),
    ]:
        with pytest.raises(PermissionDenied):
            write()
    secretary = make_user(role=Role.PROVINCE, office="79")
    make_member("79", secretary, role=MemberRole.SECRETARY)
    assert add_member(
        committee=committee("79"),
        role="member",
        active_from=JOINED,
        full_name="A",
        title="B",
        actor=secretary,
    )
