"""The smallest whole deck of a format: what "not a whole deck" is measured against.

Comprehensive Rules 100.2a (constructed: at least 60), 100.2b (Limited: at least 40),
903.5a (Commander: exactly 100); Arena's Brawl is 60 and Historic Brawl 100. With no format
known, 40: a 40-59 card list may be a Limited deck, so only fewer than 40 is surely partial.
"""

from __future__ import annotations

FORMAT_MINIMUM = {"commander": 100, "historicbrawl": 100, "brawl": 60, "limited": 40, "draft": 40, "sealed": 40}
CONSTRUCTED_MINIMUM = 60
UNKNOWN_FORMAT_MINIMUM = 40


def minimum_size(fmt: str | None) -> int:
    """The fewest cards a whole deck of ``fmt`` has (the commander counted in)."""
    if not fmt:
        return UNKNOWN_FORMAT_MINIMUM
    return FORMAT_MINIMUM.get(fmt.casefold(), CONSTRUCTED_MINIMUM)
