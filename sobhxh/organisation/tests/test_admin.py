import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.testing.factories import committee, department, make_decision, make_meeting, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("trunguong", password="x-Secret-123")
    client.force_login(user)
    return client


def test_the_admin_lists_departments_by_office_and_function(admin_client):
    url = reverse("admin:organisation_department_changelist")
    page = admin_client.get(url, {"office__level": "province", "q": "79"}).content.decode()
    assert "Phòng Cấp sổ, thẻ" in page and "79 – Thành phố Hồ Chí Minh" in page
    assert "Ban Sổ - Thẻ" not in page
    assert "Sổ, thẻ" in page  # the function filter, in Vietnamese
    assert admin_client.get(reverse("admin:organisation_department_add")).status_code == 403


def test_a_department_s_office_and_function_are_read_only(admin_client):
    it = department("79", "it")
    url = reverse("admin:organisation_department_change", args=[it.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="name"' in page
    assert 'name="office"' not in page and 'name="function"' not in page


def test_the_user_s_department_shows_in_the_admin(admin_client):
    user = make_user("hcm", role=Role.PROVINCE, office="79", department="book_card")
    page = admin_client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert 'name="profile-0-department"' in page
    assert "Phòng Cấp sổ, thẻ – BHXH Thành phố Hồ Chí Minh" in page
    changelist = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Phòng Cấp sổ, thẻ – BHXH Thành phố Hồ Chí Minh" in changelist


def test_the_admin_lists_committees_and_lets_fix_a_name_but_not_add_one(admin_client):
    url = reverse("admin:organisation_committee_changelist")
    page = admin_client.get(url, {"q": "79"}).content.decode()
    assert "Ban Chỉ đạo thực hiện Kế hoạch 112 – BHXH Thành phố Hồ Chí Minh" in page
    assert admin_client.get(reverse("admin:organisation_committee_add")).status_code == 403
    change = reverse("admin:organisation_committee_change", args=[committee("79").pk])
    form = admin_client.get(change).content.decode()
    assert 'name="decision_number"' in form and 'name="office"' not in form


def test_members_meetings_and_decisions_are_read_only_in_the_admin(admin_client):
    decision = make_decision(make_meeting("79"))
    for model in ["member", "meeting", "decision"]:
        listed = admin_client.get(reverse(f"admin:organisation_{model}_changelist"))
        assert listed.status_code == 200
        assert admin_client.get(reverse(f"admin:organisation_{model}_add")).status_code == 403
    page = admin_client.get(reverse("admin:organisation_decision_change", args=[decision.pk]))
    assert "Hoàn thành rà soát các đơn vị lớn." in page.content.decode()
    assert 'name="text"' not in page.content.decode()
