"""The plan's review dates, in one place: chapter 10 fixes a mid-term review at the end of
2023 and a final review at the end of 2025. A review defaults to the latest of them on or
before today, and says which one is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..i18n import N_, _


@dataclass(frozen=True)
class ReviewDate:
    key: str  # "mid_term", "final": what scripts read
    when: date
    label: str  # N_() message: 中期评估, 终期评估


MID_TERM = date(2023, 12, 31)
FINAL = date(2025, 12, 31)
REVIEW_DATES: tuple[ReviewDate, ...] = (
    ReviewDate("mid_term", MID_TERM, N_("Mid-term review")),
    ReviewDate("final", FINAL, N_("Final review")),
)


def today() -> date:
    """Today's date (a function, so that tests can move the clock)."""
    return date.today()


def default_review_date(on: date | None = None) -> date:
    """The latest review date on or before ``on`` (today); before the first, the first."""
    day = on or today()
    passed = [r.when for r in REVIEW_DATES if r.when <= day]
    return max(passed) if passed else REVIEW_DATES[0].when


def review_date_of(when: date) -> ReviewDate | None:
    """The plan's review held on ``when``, if any."""
    return next((r for r in REVIEW_DATES if r.when == when), None)


def review_date_label(when: date) -> str:
    """What the review in force is called: "终期评估（2025-12-31）", or "截至 2024-06-30"
    for a date of the user's choosing."""
    found = review_date_of(when)
    if found is None:
        return _("as of {date}").format(date=when.isoformat())
    return _("{review} ({date})").format(review=_(found.label), date=when.isoformat())
