from django.conf import settings

from sobhxh.testing.factories import make_user


def test_the_cms_speaks_vietnamese_to_a_vietnamese_editor(client, portal):
    assert ("vi", "Tiếng Việt") in settings.WAGTAILADMIN_PERMITTED_LANGUAGES
    user = make_user("bientap", role=None, is_superuser=True)
    user.is_superuser = user.is_staff = True
    user.save()
    client.force_login(user)
    page = client.get("/cms/").content.decode()
    assert 'lang="vi"' in page
    assert "Trang" in page and "Tìm kiếm" in page
    explorer = client.get(f"/cms/pages/{portal.home.pk}/").content.decode()
    assert "Tin tức" in explorer and "Văn bản" in explorer


def test_the_cms_follows_an_editors_choice_of_english(client, portal):
    from wagtail.users.models import UserProfile

    user = make_user("editor-en", role=None)
    user.is_superuser = True
    user.save()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    page = client.get("/cms/").content.decode()
    assert 'lang="en"' in page and "Search" in page
