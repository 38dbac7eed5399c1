"""The money's people beside the world (`sobhxh.testing.world`): the centre's finance
department, which sets rates and budgets and approves, and Hồ Chí Minh's, which prepares
its settlement."""

from dataclasses import dataclass

import pytest

from sobhxh.testing.factories import central_finance, department_member


@dataclass(frozen=True)
class Finance:
    centre: object  # Vụ Tài chính - Kế toán
    hcm: object  # Phòng Kế hoạch - Tài chính of Hồ Chí Minh (79)
    hanoi: object  # of Hà Nội (01)


@pytest.fixture
def finance(world) -> Finance:
    return Finance(
        centre=central_finance("tckt"),
        hcm=department_member("79", "finance", "khtc-79"),
        hanoi=department_member("01", "finance", "khtc-01"),
    )


def get(client, user, url, **extra):
    client.force_login(user)
    return client.get(url, **extra)


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)
