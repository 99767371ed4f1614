"""The benchmarks run at small sizes, so they never rot. No timing is asserted here."""

from bench import run


def test_every_benchmark_runs_and_fills_the_table() -> None:
    text = run.main(["--quick"])
    assert text.count("\n| ") == 8  # header, rule and six measures
    assert "ix_clients_due" in text
