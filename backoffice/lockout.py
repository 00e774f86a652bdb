"""Brute-force protection for the staff sign-in: after too many failed attempts for one user name or from
one address, sign-in is refused for a while, even with the right password. Counted in the cache, which
is Redis in production and therefore shared by every web process."""

from django.core.cache import cache

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def _keys(username: str, ip: str) -> list[str]:
    return [f"signin-fail:user:{username.strip().lower()}", f"signin-fail:ip:{ip}"]


def is_locked(*, username: str, ip: str) -> bool:
    counts = cache.get_many(_keys(username, ip))
    return any(count >= MAX_FAILURES for count in counts.values())


def record_failure(*, username: str, ip: str) -> None:
    for key in _keys(username, ip):
        # add() starts the window, incr() keeps its expiry: the lock ends LOCK_SECONDS after the first miss.
        if not cache.add(key, 1, timeout=LOCK_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=LOCK_SECONDS)


def clear_failures(*, username: str, ip: str) -> None:
    """A successful sign-in forgets the user's misses (the address keeps its count)."""
    cache.delete(_keys(username, ip)[0])


def client_ip(request) -> str:
    # Behind the proxy, REMOTE_ADDR is what the proxy set; X-Forwarded-For can be forged by anyone.
    return request.META.get("REMOTE_ADDR", "")
