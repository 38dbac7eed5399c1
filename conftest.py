import pytest

# The helpers assert too: let pytest explain their failures as it does a test's.
pytest.register_assert_rewrite(
    "sobhxh.testing", "sobhxh.handover.tests.helpers", "sobhxh.progress.tests.helpers"
)

from sobhxh.i18n import compile_all  # noqa: E402

pytest_plugins = ["sobhxh.browser", "sobhxh.testing.world", "sobhxh.testing.jobs"]


def pytest_configure(config):
    compile_all()
    # Django may have loaded the catalogues while starting up, before they were compiled:
    # forget them, so that the first run on a fresh checkout reads the new ones.
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Argon2 is slow on purpose; tests that need it set PASSWORD_HASHERS themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Limits, spent challenges and cached figures must not leak from one test to the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _easy_challenge(settings):
    # A challenge a test solves in a few milliseconds; the real work is the same code.
    settings.CHALLENGE_MAX_NUMBER = 50
