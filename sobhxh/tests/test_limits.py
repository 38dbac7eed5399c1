from sobhxh import limits

LIMIT = limits.Limit("test", attempts=3, seconds=60)


def test_attempts_within_the_limit_pass_and_the_next_is_refused():
    assert [LIMIT.hit("0123456789") for _ in range(4)] == [True, True, True, False]
    assert LIMIT.exceeded("0123456789")


def test_each_value_and_each_limit_counts_on_its_own():
    for _ in range(3):
        LIMIT.hit("0123456789")

    assert LIMIT.hit("9876543210")
    assert limits.Limit("other", attempts=3, seconds=60).hit("0123456789")


def test_the_count_starts_again_in_the_next_window(monkeypatch):
    now = 1_000_000 * 60.0
    monkeypatch.setattr(limits.time, "time", lambda: now)
    for _ in range(4):
        LIMIT.hit("0123456789")
    assert LIMIT.exceeded("0123456789")

    monkeypatch.setattr(limits.time, "time", lambda: now + 60)

    assert not LIMIT.exceeded("0123456789")
    assert LIMIT.hit("0123456789")


def test_the_value_counted_is_not_in_the_key():
    key = LIMIT._key("0123456789", 0)

    assert "0123456789" not in key
