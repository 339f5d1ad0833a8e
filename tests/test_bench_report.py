"""`make bench`'s report: each page run is compared with the baseline runs next to it."""

from bench.run import BASELINE, aggregate, pair_ratios, ratio_summary, schedule


def _run(endpoint, rps, rnd=0, p99=10.0):
    return {
        "endpoint": endpoint,
        "round": rnd,
        "rps": rps,
        "requests": int(rps * 5),
        "seconds": 5.0,
        "p50_ms": 1.0,
        "p95_ms": 5.0,
        "p99_ms": p99,
        "max_ms": p99 * 2,
        "errors_status": 0,
        "errors_socket": 0,
        "statuses": {"200": int(rps * 5)},
        "bytes_per_response": 100,
        "threads_out_of_requests": 0,
        "cores": {"app": 1.5, "postgres": 0.1},
    }


# The machine slows down during the run: the baseline falls from 4,000 to 2,000 req/s.
DRIFTING = [
    _run(BASELINE, 4000),
    _run("step", 1200, 0),
    _run(BASELINE, 2000),
    _run("step", 900, 1),
    _run(BASELINE, 3000),
    _run("step", 1000, 2),
    _run(BASELINE, 2000),
]


def test_each_page_run_is_divided_by_the_mean_of_the_baselines_around_it():
    pairs = pair_ratios(DRIFTING)

    assert [(p["baseline_before"], p["baseline_after"]) for p in pairs] == [
        (4000, 2000),
        (2000, 3000),
        (3000, 2000),
    ]
    assert [p["ratio"] for p in pairs] == [0.4, 0.36, 0.4]


def test_a_page_reports_the_median_of_its_rounds_and_their_spread():
    summary = ratio_summary(pair_ratios(DRIFTING))

    # Against the mean of the first and last baseline (3,000) it would have been 33%.
    assert summary["step"]["median"] == 0.4
    assert (summary["step"]["min"], summary["step"]["max"]) == (0.36, 0.4)


def test_a_page_run_with_a_baseline_on_one_side_only_uses_that_one():
    pairs = pair_ratios([_run(BASELINE, 2000), _run("answer", 500)])

    assert pairs[0]["baseline_after"] is None
    assert pairs[0]["ratio"] == 0.25


def test_the_schedule_puts_a_baseline_run_before_and_after_every_page_run():
    order = [name for name, _round in schedule(["step", "answer"], 2)]

    assert order == [
        BASELINE,
        "step",
        BASELINE,
        "step",
        BASELINE,
        "answer",
        BASELINE,
        "answer",
        BASELINE,
    ]
    assert [r for name, r in schedule(["step", "answer"], 2) if name == "answer"] == [0, 1]


def test_an_endpoint_reports_its_median_rate_and_its_worst_runs_p99():
    line = aggregate([_run("step", 900, p99=80), _run("step", 1200, p99=300), _run("step", 1000)])

    assert line["rps"] == 1000
    assert line["p99_ms"] == 300
    assert line["statuses"] == {"200": 15500}
