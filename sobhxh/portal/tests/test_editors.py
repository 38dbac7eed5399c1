"""Central editors edit the whole site; a province's editors only their section."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from sobhxh.portal.models import NewsPage, ProvinceSectionPage
from sobhxh.portal.services import CENTRAL_EDITORS, editor_group
from sobhxh.testing.factories import make_user, office_with_code

from .conftest import news


@pytest.fixture
def sections(portal):
    return {code: ProvinceSectionPage.objects.get(office__code=code) for code in ("01", "79")}


def editor(username, group):
    user = make_user(username, role=None)
    user.groups.add(group)
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def hcm_editor(sections):
    return editor("bientap-79", editor_group(office_with_code("79")))


def test_a_province_editor_may_edit_and_publish_only_in_their_section(portal, sections, hcm_editor):
    own = news(sections["79"], "Tin TP. HCM")
    other = news(sections["01"], "Tin Hà Nội")
    national = news(portal.news, "Tin toàn ngành")
    assert hcm_editor.has_perm("wagtailadmin.access_admin")
    for page in (sections["79"], own):
        perms = page.permissions_for_user(hcm_editor)
        assert perms.can_edit() and perms.can_publish()
    assert sections["79"].permissions_for_user(hcm_editor).can_add_subpage()
    for page in (other, national, sections["01"], portal.news, portal.home, portal.campaign):
        perms = page.permissions_for_user(hcm_editor)
        assert not perms.can_edit() and not perms.can_publish(), page.title
        assert not perms.can_add_subpage(), page.title


def test_a_central_editor_may_edit_and_publish_everywhere(portal, sections):
    user = editor("bientap-tw", Group.objects.get(name=CENTRAL_EDITORS))
    for page in (portal.home, portal.campaign, sections["01"], news(sections["79"])):
        perms = page.permissions_for_user(user)
        assert perms.can_edit() and perms.can_publish()


def test_the_admin_refuses_a_province_editor_outside_their_section(
    client, portal, sections, hcm_editor
):
    other = news(sections["01"], "Tin Hà Nội")
    client.force_login(hcm_editor)
    assert client.get(f"/cms/pages/{other.pk}/edit/").status_code in {302, 403}
    response = client.post(
        f"/cms/pages/{other.pk}/edit/",
        {"title": "Sửa trái phép", "slug": other.slug, "action-publish": "publish"},
    )
    assert response.status_code in {302, 403}
    other.refresh_from_db()
    assert other.title == "Tin Hà Nội"
    assert client.get(f"/cms/pages/{portal.news.pk}/edit/").status_code in {302, 403}
    add = f"/cms/pages/add/portal/newspage/{sections['01'].pk}/"
    assert client.get(add).status_code in {302, 403}
    assert not NewsPage.objects.filter(title="Sửa trái phép").exists()


def test_the_admin_lets_a_province_editor_publish_in_their_section(client, sections, hcm_editor):
    from sobhxh.portal.models import NewsCategory

    client.force_login(hcm_editor)
    add = f"/cms/pages/add/portal/newspage/{sections['79'].pk}/"
    assert client.get(add).status_code == 200
    category = NewsCategory.objects.get(slug="hoat-dong-nganh")
    response = client.post(
        add,
        {
            "title": "Tin mới của TP. HCM",
            "slug": "tin-moi",
            "date": "2017-05-02",
            "category": category.pk,
            "intro": "Giới thiệu.",
            "body": '{"blocks":[{"key":"a","text":"Nội dung.","type":"unstyled","depth":0,'
            '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = NewsPage.objects.get(slug="tin-moi")
    assert page.live and page.get_parent().pk == sections["79"].pk


def test_every_province_has_its_own_group_and_setup_keeps_them(full_portal):
    groups = Group.objects.filter(name__startswith="Biên tập viên BHXH tỉnh")
    assert groups.count() == 63
    assert Page.objects.type(ProvinceSectionPage).count() == 63


def test_setup_keeps_the_groups_an_administrator_changed(full_portal):
    from sobhxh.portal.services import ensure_site

    group = editor_group(office_with_code("79"))
    group.name = "Biên tập viên BHXH tỉnh 79 – đổi tên"
    group.save()
    ensure_site()
    assert Group.objects.filter(name__startswith="Biên tập viên BHXH tỉnh 79 ").count() == 1
