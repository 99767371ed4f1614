"""The benchmarks run at small sizes, so they never rot. No timing is asserted here."""

from bench import summary


def test_summary_benchmark_runs() -> None:
    result = summary.run(weeks=8, runs=1)
    assert result.characters > 0 and result.png_bytes > 0
