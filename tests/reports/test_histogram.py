"""Percentiles from the hour buckets against the exact ones (percentile_cont's rule, reports.stats), on
crafted durations: the estimate lies in the bucket of the lower rank's value, so within one bucket of the
exact figure; and the phases page gives the same from the buckets as sorted, within that bound."""

import random

import pytest

from reports import histogram
from reports.phases import phases
from reports.scope import Scope
from reports.stats import SHARES, percentile
from tests.reports.conftest import make_jobs


def counted(values: list[float]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for value in values:
        counts[histogram.bucket(value)] = counts.get(histogram.bucket(value), 0) + 1
    return counts


def width(value: float) -> float:
    low, high = histogram.edges(histogram.bucket(value))
    return high - low


rng = random.Random(16)
SETS = {
    "one value": [3.5],
    "two far apart": [1.0, 100.0],
    "quarter hours": [round(rng.uniform(0, 2), 2) for _ in range(500)],
    "working days": [8.0 * rng.randint(0, 10) for _ in range(1000)],
    "skewed": [round(rng.lognormvariate(2.5, 1.2), 2) for _ in range(20000)],
    "long tail": [round(rng.expovariate(1 / 40), 2) for _ in range(5000)] + [2000.0, 9000.0, 20000.0],
}


def test_the_buckets_match_postgresqls_width_bucket_at_the_bounds():
    assert histogram.bucket(0) == 0
    assert histogram.bucket(0.24) == 0
    assert histogram.bucket(0.25) == 1
    assert histogram.bucket(2.0) == 8
    assert histogram.bucket(histogram.BOUNDS[-1] + 1) == len(histogram.BOUNDS)
    assert histogram.edges(histogram.bucket(2.3)) == (2.25, 2.53)
    # A whole working day has a bucket of its own, so it comes back as it is.
    assert histogram.edges(histogram.bucket(48.0)) == (48.0, 48.01)
    assert round(histogram.estimate(counted([40.0, 48.0, 48.0, 48.0, 56.0]), 0.5), 1) == 48.0


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("share", SHARES)
def test_the_estimate_is_within_a_bucket_of_the_exact_percentile(name, share):
    values = SETS[name]
    estimate = histogram.estimate(counted(values), share)
    exact = percentile(values, share)
    ordered = sorted(values)
    position = share * (len(values) - 1)
    lower, upper = ordered[int(position)], ordered[min(int(position) + 1, len(values) - 1)]
    # In the bucket of the lower rank's value ...
    low, high = histogram.edges(histogram.bucket(lower))
    assert low <= estimate <= high
    # ... so off the exact figure by less than that bucket's width, plus the step to the next rank's
    # value where percentile_cont interpolates across buckets.
    step = upper - lower if histogram.bucket(upper) != histogram.bucket(lower) else 0
    assert abs(estimate - exact) <= width(lower) + step


def test_with_many_values_the_error_is_an_eighth_at_most():
    values = SETS["skewed"]
    for share in SHARES:
        exact = percentile(values, share)
        assert abs(histogram.estimate(counted(values), share) - exact) <= max(0.25, exact * 0.125)


def test_nothing_counted_has_no_percentile():
    assert histogram.estimate({}, 0.5) is None
    assert histogram.estimate({3: 0}, 0.5) is None


@pytest.mark.django_db
def test_the_phases_page_reads_the_buckets_above_the_threshold():
    make_jobs(30)
    scope = Scope.default()
    exact, estimated = phases(scope), phases(scope, exact_up_to=0)
    for key in ("total", "responded_share", "done_share"):
        assert estimated[key] == exact[key]
    for sorted_row, bucket_row in zip(exact["phases"], estimated["phases"], strict=True):
        assert bucket_row["n"] == sorted_row["n"]
        for share in ("median", "p90"):
            if sorted_row[share] is None:
                assert bucket_row[share] is None
            else:
                bound = max(0.25, 0.125 * sorted_row[share]) + 0.1  # and the rounding to 0.1 h
                assert abs(bucket_row[share] - sorted_row[share]) <= bound
    assert [row["team"] for row in estimated["teams"]] == [row["team"] for row in exact["teams"]]
