"""Working-hour durations counted into fixed buckets, and medians and 90th percentiles read back from the
summed counts. Buckets are a quarter hour wide up to two hours, then each 12.5 % wider than the one before
(2.25 h, 2.53 h, ... up to some 11,000 h), the last one open; whole working days up to thirty have their
own (below), so the many durations of exactly one, two or five days come back exactly.

The estimate for a share s of N values takes the value at rank floor(s·(N−1)) (0-based, the lower of the
two ranks percentile_cont interpolates between), finds its bucket, and places the rank evenly inside that
bucket's count. It therefore lies in the same bucket as that value: it differs from it by less than the
bucket's width (0.25 h below 2 h, under 12.5 % of the value above), and from the exact percentile_cont by
at most that plus the distance to the next rank's value when the interpolation crosses into another bucket
(tests/reports/test_histogram.py checks this against the exact figures)."""

from bisect import bisect_right

# Durations are kept to the hundredth of an hour, and many are whole working days (8 h, 16 h, ...): each
# of the first thirty gets a bucket of its own, [8k, 8k + 0.01), which holds exactly those values.
WHOLE_DAYS = tuple(value for k in range(1, 31) for value in (8.0 * k, round(8.0 * k + 0.01, 2)))
BOUNDS: tuple[float, ...] = tuple(
    sorted(
        {
            *(0.25 * i for i in range(1, 9)),
            *(round(2 * 1.125**k, 2) for k in range(1, 74)),
            *WHOLE_DAYS,
        }
    )
)


def bucket(hours: float) -> int:
    """0 below the first bound, i for [BOUNDS[i-1], BOUNDS[i]); as PostgreSQL's width_bucket(h, BOUNDS)."""
    return bisect_right(BOUNDS, hours)


def edges(index: int) -> tuple[float, float]:
    low = BOUNDS[index - 1] if index else 0.0
    high = BOUNDS[index] if index < len(BOUNDS) else low * 1.125
    return low, high


def estimate(counts: dict[int, int], share: float) -> float | None:
    """The value at `share` of the counted durations ({bucket: count}), interpolated inside its bucket."""
    total = sum(n for n in counts.values() if n > 0)
    if not total:
        return None
    position = share * (total - 1)
    rank = int(position)
    before = 0
    for index in sorted(counts):
        n = counts[index]
        if n <= 0:
            continue
        if rank < before + n:
            low, high = edges(index)
            inside = min(1.0, (position - before + 0.5) / n)
            return low + (high - low) * inside
        before += n
    return None
