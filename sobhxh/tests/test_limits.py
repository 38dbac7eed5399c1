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


def _hits(limit, value, tries, results):
    from django.core.cache import caches

    caches["default"].close()  # a connection of its own in this process
    results.put(sum(limit.hit(value) for _ in range(tries)))


def test_processes_sharing_the_cache_let_through_exactly_the_limit():
    """The server's processes share the default cache (diskcache here, Redis in
    production): four processes racing at one number let through exactly the limit."""
    import multiprocessing

    from django.core.cache import caches

    limit = limits.Limit("race", attempts=50, seconds=600)
    caches["default"].close()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(target=_hits, args=(limit, "0123456789", 25, results)) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    let_through = sum(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)

    assert let_through == 50


def test_the_limits_hold_in_redis_too(settings):
    import pytest
    import redis

    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    from django.core.cache import cache

    cache.clear()
    try:
        assert [LIMIT.hit("0123456789") for _ in range(4)] == [True, True, True, False]
    finally:
        cache.clear()
