"""PHQ-4 scoring against the published bands (Kroenke et al., 2009), and the weekly scores."""

import itertools

import pytest

from domain.instruments import load_instruments
from domain.scoring import score

INSTRUMENTS = load_instruments()
PHQ4 = INSTRUMENTS["phq4"]
PUBLISHED_BANDS = {
    **dict.fromkeys(range(0, 3), "normal"),
    **dict.fromkeys(range(3, 6), "mild"),
    **dict.fromkeys(range(6, 9), "moderate"),
    **dict.fromkeys(range(9, 13), "severe"),
}
ALL_ANSWERS = list(itertools.product(range(4), repeat=4))


@pytest.mark.parametrize("total", range(13))
def test_every_phq4_total_gets_its_published_band(total: int) -> None:
    combinations = [answers for answers in ALL_ANSWERS if sum(answers) == total]
    assert combinations
    for anxious, worry, interest, down in combinations:
        results = {
            r.key: r
            for r in score(
                PHQ4, {"anxious": anxious, "worry": worry, "interest": interest, "down": down}
            )
        }
        assert results["total"].value == total
        assert results["total"].band == PUBLISHED_BANDS[total]
        assert results["phq2"].flagged == (interest + down >= 3)
        assert results["gad2"].flagged == (anxious + worry >= 3)


def test_a_skipped_phq4_item_leaves_the_total_unscored() -> None:
    results = {r.key: r for r in score(PHQ4, {"anxious": 3, "worry": 3, "interest": 1})}
    assert results["total"].value is None
    assert results["gad2"].value == 6 and results["gad2"].flagged
    assert results["phq2"].value is None


def test_the_weekly_alliance_score_is_the_mean_of_the_answered_statements() -> None:
    answers = {"mood": 6, "heard": 4, "accepted": 5, "genuine": None, "goals": 3, "approach": 4}
    results = {r.key: r for r in score(INSTRUMENTS["weekly"], answers)}
    assert results["alliance"].value == 4.0
    assert results["mood"].value == 6
