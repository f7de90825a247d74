"""Disclosure control for every count that is published or taken out of the portal (public figures,
open data, evidence packs), so that no count can point to one member.

The rules (architecture, "Shared pieces"): 0 is shown as 0; 1 to 4 read "fewer than 5"; every other
count, totals included, is rounded to the nearest 5. A total is rounded from the true total, never
summed from the cells shown, so the suppressed cells cannot be worked back out of it.
"""

from dataclasses import dataclass

SMALLEST_SHOWN = 5
FEWER_THAN_FIVE = "fewer than 5"


@dataclass(frozen=True)
class ShownCount:
    """A count as it may be shown: ``value`` is ``None`` when it is suppressed."""

    value: int | None
    text: str

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return self.text


def shown_count(true_count: int) -> ShownCount:
    if true_count < 0:
        raise ValueError("A count cannot be negative.")
    if true_count == 0:
        return ShownCount(0, "0")
    if true_count < SMALLEST_SHOWN:
        return ShownCount(None, FEWER_THAN_FIVE)
    # Half-way cannot happen with whole numbers and a step of 5: 12 -> 10, 13 -> 15.
    rounded = SMALLEST_SHOWN * ((true_count + 2) // SMALLEST_SHOWN)
    return ShownCount(rounded, f"{rounded:,}")
