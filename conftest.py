import pytest

from sobhxh.i18n import compile_all


def pytest_configure(config):
    compile_all()


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Argon2 is slow on purpose; tests that need it set PASSWORD_HASHERS themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
