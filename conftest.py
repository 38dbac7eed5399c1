import pytest

from sobhxh.i18n import compile_all


def pytest_configure(config):
    compile_all()


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"
