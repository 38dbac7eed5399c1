"""Lock-outs per real client when the application runs behind reverse proxies."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from sobhxh.testing.factories import PASSWORD

# The world's "hcm" (province 79) is the user who logs in.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

PROXY = "10.0.0.2"  # what the application sees: the reverse proxy's address


def log_in(client, password, forwarded_for=None):
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    data = {"username": "hcm", "password": password}
    return client.post(reverse("login"), data, **headers).status_code


def fail_five_times(client, forwarded_for):
    for _ in range(5):
        log_in(client, "wrong-password", forwarded_for)


def test_behind_one_proxy_two_clients_are_locked_out_independently(client, settings):
    settings.PROXY_COUNT = 1
    fail_five_times(client, "203.0.113.7")

    assert log_in(client, PASSWORD, "203.0.113.7") == 429
    assert log_in(client, PASSWORD, "198.51.100.20") == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_behind_one_proxy_office_clients_on_a_private_network_are_told_apart(client, settings):
    settings.PROXY_COUNT = 1
    fail_five_times(client, "192.168.1.15")

    assert log_in(client, PASSWORD, "192.168.1.15") == 429
    assert log_in(client, PASSWORD, "192.168.1.16") == 302


def test_behind_one_proxy_what_a_client_writes_into_the_header_is_not_believed(client, settings):
    settings.PROXY_COUNT = 1
    # The proxy appends the address it saw to whatever the client sent.
    for forged in range(5):
        log_in(client, "wrong-password", f"198.51.100.{forged}, 203.0.113.7")

    assert log_in(client, PASSWORD, "203.0.113.7") == 429
    assert log_in(client, PASSWORD, "198.51.100.9") == 302


def test_behind_two_proxies_the_client_is_second_from_the_right(client, settings):
    settings.PROXY_COUNT = 2
    fail_five_times(client, "203.0.113.7, 172.16.0.5")

    assert log_in(client, PASSWORD, "203.0.113.7, 172.16.0.5") == 429
    assert log_in(client, PASSWORD, "198.51.100.20, 172.16.0.5") == 302


def test_without_proxy_count_the_header_is_ignored_so_it_cannot_be_spoofed(client, settings):
    settings.PROXY_COUNT = 0
    fail_five_times(client, "203.0.113.7")

    # Another made-up address does not escape the lock: the socket's address is the client.
    assert log_in(client, PASSWORD, "198.51.100.20") == 429
    assert log_in(client, PASSWORD) == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


def test_behind_a_proxy_a_request_without_the_header_is_its_sockets_address(client, settings):
    settings.PROXY_COUNT = 1
    fail_five_times(client, None)

    assert log_in(client, PASSWORD) == 429
    assert log_in(client, PASSWORD, "203.0.113.7") == 302
