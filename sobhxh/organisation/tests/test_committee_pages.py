"""The committee pages: who reaches them (404 out of scope, 403 for those who read only),
what they show in Vietnamese and in English, the forms and their refusals, and the
Content Security Policy."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sobhxh.accounts.models import Role
from sobhxh.organisation.models import Decision, Meeting, Member
from sobhxh.testing.csp import check
from sobhxh.testing.factories import (
    committee,
    department,
    make_decision,
    make_meeting,
    make_member,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hcm(world):
    """HCM's committee with a head (a user), a secretary (a user) and a named member; a
    meeting with two decisions, one of them overdue."""
    found = committee("79")
    head = make_user(
        "giamdoc",
        role=Role.PROVINCE,
        office="79",
        first_name="Minh",
        last_name="Phạm Văn",
        department="book_card",
    )
    secretary = make_user("thuky", role=Role.PROVINCE, office="79")
    places = [
        make_member(found, head, role="head"),
        make_member(found, secretary, role="secretary"),
        make_member(
            found,
            full_name="Trần Thị Hoa",
            title="Trưởng phòng Quản lý thu",
            department=department("79", "revenue"),
        ),
    ]
    meeting = make_meeting(
        found,
        places,
        place="Hội trường BHXH TP. HCM",
        minutes="Đẩy nhanh giao sổ tại các khu công nghiệp.",
    )
    make_decision(
        meeting, places[2], text="Rà soát khu chế xuất Tân Thuận", due_on=date(2017, 4, 1)
    )
    ahead = timezone.localdate() + timedelta(days=30)
    make_decision(meeting, places[0], text="Báo cáo tiến độ quý", due_on=ahead)
    return found


def get(client, user, url, language="vi"):
    client.force_login(user)
    if language != "vi":
        client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client.get(url)


def url(name, *args):
    return reverse(f"committees:{name}", args=args)


def test_the_committee_page_shows_members_meetings_and_open_decisions_in_vietnamese(
    client, world, hcm
):
    response = get(client, world.users.province, url("committee", "79"))
    page = response.content.decode()
    check(response, "committee")
    assert "Ban Chỉ đạo thực hiện Kế hoạch 112 – BHXH Thành phố Hồ Chí Minh" in page
    for text in [
        "Minh Phạm Văn",
        "Trưởng ban",
        "Thư ký",
        "Trần Thị Hoa",
        "Phòng Quản lý thu",
        "Kết luận đang thực hiện",
        "Quá hạn",
        "Rà soát khu chế xuất Tân Thuận",
        "01/04/2017",
        "10/03/2017",
        "Gần đây",
    ]:
        assert text in page, text
    assert page.count('class="is-overdue"') == 1
    assert "Thêm thành viên" not in page  # a province user who is no member reads only
    assert 'class="table-wrap"' in page


def test_the_committee_page_in_english(client, world, hcm):
    page = get(client, world.users.central, url("committee", "79"), "en").content.decode()
    for text in [
        "Open decisions",
        "Overdue",
        "Members in place",
        "Head",
        "Secretary",
        "Add a member",
        "Record a meeting",
        "Steering committees",
    ]:
        assert text in page, text
    assert "Trưởng ban" not in page


def test_central_users_list_every_committee(client, world, hcm):
    response = get(client, world.users.central, url("index"))
    page = response.content.decode()
    check(response, "committees")
    assert page.count('<th scope="row">') == 64
    assert "BHXH Thành phố Hồ Chí Minh" in page and "BHXH Tỉnh Cà Mau" in page
    assert '<span class="badge badge-behind">1</span>' in page
    english = get(client, world.users.central, url("index"), "en").content.decode()
    assert "Last meeting" in english and "Open decisions" in english


def test_the_menu_leads_a_province_to_its_own_committee(client, world, hcm):
    home = get(
        client, world.users.province, reverse("progress:office", args=["79"])
    ).content.decode()
    assert f'href="{url("index")}"' in home and "Ban Chỉ đạo" in home
    assert client.get(url("index")).url == url("committee", "79")
    district = get(client, world.users.district, reverse("progress:office", args=["760"]))
    district = district.content.decode()
    assert f'href="{url("index")}"' not in district


@pytest.mark.parametrize("role", ["district", "employer"])
def test_district_and_employer_users_reach_no_committee_page(client, world, hcm, role):
    meeting = Meeting.objects.get()
    decision = Decision.objects.first()
    member = Member.objects.first()
    client.force_login(world.users[role])
    for address in [
        url("index"),
        url("committee", "79"),
        url("committee", "VN"),
        url("meeting", "79", meeting.pk),
        url("decision", "79", decision.pk),
        url("member_add", "79"),
        url("meeting_new", "79"),
        url("member_deactivate", "79", member.pk),
        url("decision_new", "79", meeting.pk),
    ]:
        assert client.get(address).status_code == 404, address
        assert client.post(address, {}).status_code in {404, 405}, address


def test_a_province_reaches_no_other_province_s_committee_nor_the_centre_s(client, world, hcm):
    hanoi_meeting = make_meeting("01")
    hanoi_decision = make_decision(hanoi_meeting)
    client.force_login(world.users.province)
    for address in [
        url("committee", "01"),
        url("committee", "VN"),
        url("committee", "760"),
        url("meeting", "01", hanoi_meeting.pk),
        url("decision", "01", hanoi_decision.pk),
        url("meeting", "79", hanoi_meeting.pk),
        url("decision", "79", hanoi_decision.pk),
        url("member_add", "01"),
        url("meeting_new", "01"),
    ]:
        assert client.get(address).status_code == 404, address
    assert client.get(url("committee", "79")).status_code == 200


def test_those_who_read_only_get_403_from_every_form(client, world, hcm):
    meeting = Meeting.objects.get()
    decision = Decision.objects.first()
    reader = make_user(role=Role.PROVINCE, office="79")
    make_member(hcm, reader, role="deputy")
    client.force_login(reader)
    for address in [
        url("member_add", "79"),
        url("meeting_new", "79"),
        url("decision_new", "79", meeting.pk),
        url("member_deactivate", "79", Member.objects.first().pk),
    ]:
        assert client.get(address).status_code == 403, address
        assert client.post(address, {}).status_code == 403, address
    page = client.get(url("decision", "79", decision.pk))
    assert page.status_code == 200 and 'name="to"' not in page.content.decode()
    assert client.post(url("decision", "79", decision.pk), {"to": "done"}).status_code == 403
    assert Decision.objects.get(pk=decision.pk).state == "open"


def test_the_meeting_and_decision_pages(client, world, hcm):
    meeting = Meeting.objects.get()
    decision = Decision.objects.get(text__startswith="Rà soát")
    secretary = hcm.members.get(role="secretary").user
    response = get(client, secretary, url("meeting", "79", meeting.pk))
    page = response.content.decode()
    check(response, "meeting")
    for text in [
        "Cuộc họp ngày 10/03/2017",
        "Hội trường BHXH TP. HCM",
        "Thành phần tham dự",
        "Đẩy nhanh giao sổ",
        "Trần Thị Hoa",
        "Thêm kết luận",
    ]:
        assert text in page, text
    response = client.get(url("decision", "79", decision.pk))
    page = response.content.decode()
    check(response, "decision")
    assert "Quá hạn" in page and "Đang thực hiện" in page and 'name="to"' in page
    assert "Đã ghi" in page  # the history starts with the decision's making


def test_the_secretary_adds_a_user_and_a_named_member(client, world, hcm):
    secretary = hcm.members.get(role="secretary").user
    client.force_login(secretary)
    form = client.get(url("member_add", "79")).content.decode()
    assert "hcm" in form and "giamdoc" not in form  # only users of 79 not already in place
    response = client.post(
        url("member_add", "79"),
        {"user": world.users.province.pk, "role": "member", "active_from": "01/02/2017"},
    )
    assert response.status_code == 302
    client.post(
        url("member_add", "79"),
        {
            "full_name": "Lê Văn Tâm",
            "title": "Phó Giám đốc",
            "role": "deputy",
            "active_from": "01/02/2017",
        },
    )
    assert hcm.members.filter(user=world.users.province, active_from=date(2017, 2, 1)).exists()
    assert hcm.members.get(full_name="Lê Văn Tâm").role == "deputy"


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        (
            {"role": "member", "active_from": "01/02/2017"},
            "Hãy chọn một người dùng, hoặc nhập họ tên và chức vụ của người đó.",
        ),
        (
            {"full_name": "Lê Văn Tâm", "role": "member", "active_from": "01/02/2017"},
            "Hãy nhập chức vụ của Lê Văn Tâm.",
        ),
        (
            {
                "full_name": "Lê Văn Tâm",
                "title": "PGĐ",
                "role": "chief",
                "active_from": "01/02/2017",
            },
            "Hãy chọn một lựa chọn hợp lệ.",
        ),
        (
            {
                "full_name": "Lê Văn Tâm",
                "title": "PGĐ",
                "role": "member",
                "active_from": "31/02/2017",
            },
            "Nhập một ngày hợp lệ.",
        ),
        (
            {"full_name": "Lê Văn Tâm", "title": "PGĐ", "role": "member", "active_from": ""},
            "Trường này là bắt buộc.",
        ),
    ],
)
def test_the_member_form_refuses_bad_input_in_vietnamese(client, world, hcm, posted, message):
    client.force_login(world.users.central)
    response = client.post(url("member_add", "79"), posted)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert hcm.members.count() == 3


def test_a_member_of_another_office_is_refused_by_the_form(client, world, hcm):
    other = make_user("hanoi", role=Role.PROVINCE, office="01")
    client.force_login(world.users.central)
    response = client.post(
        url("member_add", "79"), {"user": other.pk, "role": "member", "active_from": "01/02/2017"}
    )
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()


def test_ending_a_membership(client, world, hcm):
    named = hcm.members.get(full_name="Trần Thị Hoa")
    client.force_login(world.users.central)
    early = client.post(url("member_deactivate", "79", named.pk), {"on": "01/01/2017"})
    assert "ngày cuối không thể trước ngày đó" in early.content.decode()
    done = client.post(url("member_deactivate", "79", named.pk), {"on": "30/06/2017"})
    assert done.status_code == 302
    named.refresh_from_db()
    assert named.active_to == date(2017, 6, 30)
    assert "1 thành viên trước đây" in client.get(url("committee", "79")).content.decode()


def test_recording_a_meeting_and_its_refusals(client, world, hcm):
    head = hcm.members.get(role="head")
    client.force_login(head.user)
    form = client.get(url("meeting_new", "79"))
    check(form, "meeting_new")
    refused = client.post(url("meeting_new", "79"), {"held_on": "05/05/2017", "place": ""})
    page = refused.content.decode()
    assert "Trường này là bắt buộc." in page
    refused = client.post(url("meeting_new", "79"), {"held_on": "05/05/2017", "place": "Phòng 2"})
    assert "Hãy đánh dấu những thành viên đã dự họp." in refused.content.decode()
    response = client.post(
        url("meeting_new", "79"),
        {
            "held_on": "05/05/2017",
            "place": "Phòng 2",
            "attendees": [head.pk],
            "minutes": "Kiểm điểm tháng 4.",
        },
    )
    meeting = Meeting.objects.get(held_on=date(2017, 5, 5))
    assert response.url == url("meeting", "79", meeting.pk)
    assert list(meeting.attendees.all()) == [head] and meeting.recorded_by == head.user


def test_adding_a_decision_and_its_refusals(client, world, hcm):
    meeting = Meeting.objects.get()
    owner = hcm.members.get(role="secretary")
    client.force_login(world.users.central)
    check(client.get(url("decision_new", "79", meeting.pk)), "decision_new")
    refused = client.post(
        url("decision_new", "79", meeting.pk),
        {"text": "Họp giao ban", "owner": owner.pk, "due_on": "01/03/2017"},
    )
    assert "Thời hạn trước ngày họp." in refused.content.decode()
    refused = client.post(
        url("decision_new", "79", meeting.pk), {"owner": owner.pk, "due_on": "01/05/2017"}
    )
    assert "Trường này là bắt buộc." in refused.content.decode()
    client.post(
        url("decision_new", "79", meeting.pk),
        {"text": "Họp giao ban hằng tháng", "owner": owner.pk, "due_on": "01/05/2017"},
    )
    assert Decision.objects.get(text="Họp giao ban hằng tháng").owner == owner


def test_changing_a_decision_s_state_needs_a_note_for_done(client, world, hcm):
    decision = Decision.objects.get(text__startswith="Rà soát")
    client.force_login(hcm.members.get(role="head").user)
    address = url("decision", "79", decision.pk)
    refused = client.post(address, {"to": "done", "note": ""})
    assert "kết luận đánh dấu đã hoàn thành hoặc đã hủy cần có ghi chú" in refused.content.decode()
    assert client.post(address, {"to": "reopened"}).status_code == 200
    client.post(address, {"to": "done", "note": "Đã rà soát 12 đơn vị."})
    decision.refresh_from_db()
    assert decision.state == "done"
    page = client.get(address).content.decode()
    assert "Đang thực hiện → Đã hoàn thành" in page and "Đã rà soát 12 đơn vị." in page
    assert 'value="open"' in page and 'value="cancelled"' not in page  # done may only reopen


def test_a_form_refuses_in_english_for_an_english_user(client, world, hcm):
    page = get(client, world.users.central, url("member_add", "79"), "en").content.decode()
    assert "Add a member" in page and "Role in the committee" in page
    refused = client.post(
        url("member_add", "79"),
        {"full_name": "Lê Văn Tâm", "role": "member", "active_from": "01/02/2017"},
    )
    assert "Give the title of Lê Văn Tâm." in refused.content.decode()
