"""Real-format decks for the agent tests: 60-card MTG Arena exports with real card names."""

IZZET = """About
Name Izzet Prowess

Deck
4 Monastery Swiftspear (KTK) 118
4 Soul-Scar Mage (AKR) 171
4 Sprite Dragon (IKO) 211
2 Stormwing Entity (M21) 73
4 Lightning Bolt (M11) 149
4 Opt (XLN) 65
4 Consider (MID) 44
4 Expressive Iteration (STX) 186
2 Fiery Impulse (ORI) 145
2 Play with Fire (MID) 154
2 Crackling Drake (GRN) 163
4 Steam Vents (GRN) 257
4 Spirebluff Canal (KLD) 244
4 Shivan Reef (DMU) 255
6 Island (DMU) 262
6 Mountain (DMU) 270

Sideboard
2 Negate (M20) 69
2 Abrade (HOU) 83
"""

MONO_GREEN = """Deck
4 Llanowar Elves (DOM) 168
4 Elvish Mystic (M14) 169
4 Pelt Collector (GRN) 141
4 Steel Leaf Champion (DOM) 182
4 Kraul Harpooner (WAR) 163
2 Ghalta, Primal Hunger (RIX) 130
2 Paradise Druid (WAR) 171
4 Blossoming Defense (KLD) 144
2 Vivien Reid (M19) 208
2 Thrashing Brontodon (RIX) 148
2 Nissa, Who Shakes the World (WAR) 169
2 Leafkin Druid (M20) 178
22 Forest (M20) 280
2 Castle Garenbrig (ELD) 240
"""

# Two lines the parser cannot read: a misspelled card and a line that is not a card at all.
IZZET_BROKEN = IZZET.replace("4 Lightning Bolt (M11) 149", "4 Lightnig Boltt (M11) 149").replace(
    "4 Opt (XLN) 65", "4 Opt (XLN) 65\nfour copies of something"
)
