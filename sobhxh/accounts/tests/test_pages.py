import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import path, reverse

from sobhxh.accounts.models import Role
from sobhxh.testing.factories import make_employer, make_user
from sobhxh.urls import urlpatterns as site_urls

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("secret detail of the failure")


def denied(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied("secret reason")


urlpatterns = [path("boom/", boom), path("denied/", denied), *site_urls]


@pytest.mark.parametrize(
    ("role", "place", "home", "shown"),
    [
        (Role.CENTRAL, {}, "/dashboard/VN/", ["Trung ương", "BHXH Việt Nam"]),
        (
            Role.PROVINCE,
            {"office": "79"},
            "/dashboard/79/",
            ["BHXH tỉnh", "BHXH Thành phố Hồ Chí Minh", "(79)"],
        ),
        (
            Role.DISTRICT,
            {"office": "760"},
            "/dashboard/760/",
            ["BHXH huyện", "BHXH Quận 1", "(760)"],
        ),
        (
            Role.EMPLOYER,
            {"employer": "E-1"},
            "/dashboard/employer/E-1/",
            ["Đơn vị sử dụng lao động", "Công ty May Sài Gòn"],
        ),
    ],
)
def test_the_home_page_takes_each_user_to_the_dashboard_of_their_scope(
    client, role, place, home, shown
):
    make_employer("760", code="E-1", name="Công ty May Sài Gòn")
    user = make_user("nguoidung", role=role, first_name="Lan", last_name="Trần Thị", **place)
    client.force_login(user)

    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == home

    page = client.get(home).content.decode()
    assert "Lan Trần Thị" in page  # who is signed in, in the site header
    for text in shown:
        assert text in page


def test_a_user_without_a_role_is_told_so_and_sees_nothing(client):
    client.force_login(make_user("nobody", role=None))
    page = client.get(reverse("home")).content.decode()
    assert "chưa có vai trò" in page


def test_the_shell_has_a_skip_link_the_stylesheet_the_nav_and_a_post_logout(client, world):
    client.force_login(world.users.province)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert '<a class="skip-link" href="#content">' in page
    assert '<main id="content"' in page
    assert 'name="viewport"' in page
    assert "/static/sobhxh/site.css" in page
    for section, label in (("progress:dashboard", "Tiến độ"), ("books:search", "Sổ BHXH"),
                           ("intake:uploads", "Tải tệp lên")):  # fmt: skip
        assert f'<a href="{reverse(section)}"' in page and f">{label}</a>" in page
    assert "hcm" in page and "BHXH tỉnh" in page  # who is signed in, and as what
    logout = page[page.index(f'action="{reverse("logout")}"') :]
    assert 'method="post"' in page[page.index('class="logout"') :][:200]
    assert "csrfmiddlewaretoken" in logout[:400]
    assert "cdn" not in page.lower() and "https://" not in page


def test_the_menu_marks_the_current_section_and_offers_uploads_to_offices_only(client, world):
    client.force_login(world.users.province)
    page = client.get(reverse("books:search")).content.decode()
    assert f'<a href="{reverse("books:search")}" aria-current="page">Sổ BHXH</a>' in page
    client.force_login(world.users.employer)
    page = client.get(reverse("books:search")).content.decode()
    assert reverse("intake:uploads") not in page


def test_the_stylesheet_is_served_by_the_app_itself(client):
    response = client.get("/static/sobhxh/site.css")
    assert response.status_code == 200
    css = b"".join(response.streaming_content).decode()
    assert ".badge-behind" in css and "@import" not in css and "url(http" not in css


def test_the_language_switches_to_english_and_back(client, world):
    client.force_login(world.users.province)
    assert "Đăng xuất" in client.get(reverse("home"), follow=True).content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home"), follow=True).content.decode()
    assert "Log out" in page and "Provincial office" in page and 'lang="en"' in page

    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("home"), follow=True).content.decode()
    assert "Đăng xuất" in page and 'lang="vi"' in page


def test_the_interface_is_vietnamese_even_when_the_browser_asks_for_english(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page and 'lang="vi"' in page


def test_the_login_page_also_switches_language(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Username" in client.get(reverse("login")).content.decode()


def test_a_missing_page_answers_404_in_vietnamese_without_details(client, world):
    client.force_login(world.users.central)
    response = client.get("/khong-co-trang-nay/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page
    assert "URLconf" not in page and "Traceback" not in page


@pytest.mark.urls(__name__)
def test_a_server_error_answers_500_in_vietnamese_without_details(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users.central)
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi máy chủ" in page
    assert "secret detail" not in page and "Traceback" not in page


@pytest.mark.urls(__name__)
def test_a_refusal_answers_403_in_vietnamese_without_details(client, world):
    client.force_login(world.users.central)
    response = client.get("/denied/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Không được phép" in page and "secret reason" not in page


def test_forms_render_each_field_as_a_labelled_row_with_its_errors(client, world):
    client.force_login(world.users.central)
    response = client.post(reverse("password_change"), {"old_password": "wrong"})
    page = response.content.decode()
    assert '<div class="form-row has-error required">' in page
    assert '<label for="id_old_password">Mật khẩu cũ:</label>' in page
    assert 'class="errorlist"' in page and 'aria-invalid="true"' in page


def test_the_admin_stays_at_admin_and_shows_the_profile_with_the_user(client, world):
    boss = get_user_model().objects.create_superuser("root", password="x-Secret-123")
    user = world.users.province
    client.force_login(boss)
    page = client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert reverse("admin:index") == "/admin/"
    assert 'name="profile-0-role"' in page
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
