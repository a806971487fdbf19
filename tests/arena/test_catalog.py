"""The card catalog built from the real offline corpus: lookups, fuzzy, search, text mentions."""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
from pathlib import Path

import pytest

from arena.catalog import SCHEMA_VERSION, Catalog
from arena.corpus import find_corpus
from arena.errors import CatalogError
from arena.names import loose_key, name_key, split_faces
from arena.paths import CATALOG_FILENAME

# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lim-Dûl the Necromancer", "lim-dul the necromancer"),
        ("Sheoldred’s Edict", "Sheoldred's Edict"),
        ("Refuse/Cooperate", "Refuse // Cooperate"),
        ("Fire//Ice", "fire // ice"),
        ("  Lightning   Bolt ", "lightning bolt"),
        ("Æther Vial", "aether vial"),
        ("Jace – the Mind Sculptor", "jace - the mind sculptor"),
    ],
)
def test_name_key_folds_spelling_variants(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_name_key_keeps_commas_but_loose_key_drops_them() -> None:
    assert name_key("Lava, Axe") != name_key("Lava Axe")
    assert loose_key("Sheoldred, the Apocalypse") == loose_key("sheoldred the apocalypse")
    assert loose_key("A-Cauldron Familiar").startswith("a-")


def test_split_faces_removes_duplicates() -> None:
    assert split_faces("Fire // Ice") == ("Fire", "Ice")
    assert split_faces("X // X") == ("X",)


# ---------------------------------------------------------------- building


def test_catalog_metadata_and_exclusions(catalog: Catalog) -> None:
    info = catalog.info()
    assert info.source == "corpus"
    assert info.schema_version == SCHEMA_VERSION
    assert info.corpus_size == 35033
    assert 33000 < info.card_count < 35033
    assert info.legality_known is False
    assert info.scryfall_imported_at is None
    # Planes, schemes, vanguards and other non-deck objects are left out.
    for name in ("Chaotic Aether", "Tazri's Army", "Akroma (Vanguard)", "The Protector"):
        assert catalog.get(name) is None
    # A plane we know is in the corpus:
    corpus = json.loads(find_corpus().read_text())
    plane = next(e["name"] for e in corpus if e["layout"] == "planar")
    assert catalog.get(plane) is None


def test_back_faces_are_aliases_not_cards(catalog: Catalog) -> None:
    names = set(catalog.names())
    assert "Insectile Aberration" not in names
    delver = catalog.get("Insectile Aberration")
    assert delver is not None and delver.name == "Delver of Secrets // Insectile Aberration"
    assert delver.mana_value == 1  # the back face adds nothing
    assert "\n//\nFlying" in delver.oracle_text
    assert delver.faces == ("Delver of Secrets", "Insectile Aberration")


def test_build_is_reused_and_atomic(tmp_path: Path) -> None:
    corpus = find_corpus()
    with Catalog.open(tmp_path, corpus_path=corpus) as cat:
        built_at = cat.info().built_at
    with Catalog.open(tmp_path) as cat:
        assert cat.info().built_at == built_at
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != CATALOG_FILENAME]
    assert leftovers == []


def test_failed_build_leaves_no_catalog(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"name": "Ok Card", "layout": "normal"}, {"nope": 1}]')
    with pytest.raises(CatalogError, match="without a name"):
        Catalog.open(tmp_path / "data", corpus_path=broken)
    assert list((tmp_path / "data").iterdir()) == []


def test_unreadable_corpus_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CatalogError, match=r"bad\.json"):
        Catalog.open(tmp_path / "data", corpus_path=bad)


def test_missing_corpus_tells_the_user_to_import_scryfall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import arena.catalog as catalog_module
    from arena import corpus

    def no_corpus() -> Path:
        return corpus.find_corpus(search_paths=[str(tmp_path / "nowhere")])

    monkeypatch.setattr(corpus.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(catalog_module, "find_corpus", no_corpus)
    with pytest.raises(CatalogError, match="import-scryfall"):
        Catalog.open(tmp_path / "data")
    with Catalog.open(tmp_path / "data", allow_empty=True) as empty:
        assert empty.card_count == 0
        assert empty.get("Lightning Bolt") is None
    # Re-opening the empty catalog without allow_empty says what to do.
    with pytest.raises(CatalogError, match="import-scryfall"):
        Catalog.open(tmp_path / "data")


def test_find_corpus_without_the_package_names_the_import_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    from arena import corpus

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(CatalogError, match="import-scryfall FILE"):
        corpus.find_corpus(search_paths=[str(tmp_path)])


def test_find_corpus_does_not_import_mtg() -> None:
    import sys

    sys.modules.pop("mtg", None)
    assert find_corpus().name == "oracle_corpus.json"
    assert "mtg" not in sys.modules


def test_old_schema_is_rebuilt(data_dir: Path) -> None:
    path = data_dir / CATALOG_FILENAME
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with Catalog.open(data_dir) as cat:
        assert cat.info().schema_version == SCHEMA_VERSION
        assert cat.get("Shock") is not None


# ---------------------------------------------------------------- exact lookups


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Lightning Bolt", "Lightning Bolt"),
        ("LIGHTNING BOLT", "Lightning Bolt"),
        ("lightning bolt", "Lightning Bolt"),
        ("Fire // Ice", "Fire // Ice"),
        ("Fire", "Fire // Ice"),
        ("Ice", "Fire // Ice"),
        ("Fire/Ice", "Fire // Ice"),
        ("Refuse/Cooperate", "Refuse // Cooperate"),
        ("Cooperate", "Refuse // Cooperate"),
        ("Bonecrusher Giant", "Bonecrusher Giant // Stomp"),
        ("Stomp", "Bonecrusher Giant // Stomp"),
        ("Lim-Dul the Necromancer", "Lim-Dûl the Necromancer"),
        ("lim dûl the necromancer", "Lim-Dûl the Necromancer"),
        ("Sheoldred’s Edict", "Sheoldred's Edict"),
        ("sheoldred the apocalypse", "Sheoldred, the Apocalypse"),
        ("A-Cloister Gargoyle", "A-Cloister Gargoyle"),
        ("Cloister Gargoyle", "Cloister Gargoyle"),
        ("A-Lightning Bolt", "Lightning Bolt"),  # no Alchemy version: the plain card
        ("Lava Axe", "Lava Axe"),
        ("Lava, Axe", "Lava, Axe"),
        ("Hallowed Fountain", "Hallowed Fountain"),
        ("Mishra, Lost to Phyrexia", "Phyrexian Dragon Engine // Mishra, Lost to Phyrexia"),
    ],
)
def test_get_finds_names_as_players_write_them(catalog: Catalog, query: str, expected: str) -> None:
    card = catalog.get(query)
    assert card is not None, query
    assert card.name == expected


@pytest.mark.parametrize("query", ["", "   ", "Lightning Boltt", "Not A Card At All", "//"])
def test_get_misses_return_none(catalog: Catalog, query: str) -> None:
    assert catalog.get(query) is None


def test_card_fields_from_the_corpus(catalog: Catalog) -> None:
    fire_ice = catalog.get("Fire // Ice")
    assert fire_ice is not None
    assert fire_ice.faces == ("Fire", "Ice")
    assert fire_ice.mana_cost == "{1}{R}"
    assert fire_ice.mana_value == 2  # front face only
    assert fire_ice.colors == ("R",)
    assert fire_ice.color_identity == ("U", "R")
    bolt = catalog.get("Lightning Bolt")
    assert bolt is not None
    assert bolt.types == ("Instant",) and not bolt.is_land
    forest = catalog.get("Forest")
    assert forest is not None and forest.is_land and forest.supertypes == ("Basic",)
    fireball = catalog.get("Fireball")
    assert fireball is not None and fireball.has_x and fireball.mana_value == 1
    assert catalog.get("Little Girl").mana_value == 0  # type: ignore[union-attr]


# ---------------------------------------------------------------- fuzzy


def test_fuzzy_finds_typos_with_scores(catalog: Catalog) -> None:
    matches = catalog.fuzzy("lighting bolt")
    assert matches[0].name == "Lightning Bolt"
    assert 90 < matches[0].score < 100
    assert all(a.score >= b.score for a, b in itertools.pairwise(matches))
    assert len(matches) <= 5
    assert len({m.name for m in matches}) == len(matches)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("llanowar elvs", "Llanowar Elves"),
        ("thoughtsieze", "Thoughtseize"),
        ("jace mind sculptor", "Jace, the Mind Sculptor"),
        ("ur dragon", "The Ur-Dragon"),
        ("teferis protection", "Teferi's Protection"),
        ("sheoldred the apocalypse", "Sheoldred, the Apocalypse"),
        ("Thoughtseize", "Thoughtseize"),
    ],
)
def test_fuzzy_best_match(catalog: Catalog, query: str, expected: str) -> None:
    assert catalog.fuzzy(query, limit=3)[0].name == expected


def test_fuzzy_partial_names_list_the_cards_containing_them(catalog: Catalog) -> None:
    names = [m.name for m in catalog.fuzzy("ragavan", limit=5)]
    assert "Ragavan, Nimble Pilferer" in names


def test_fuzzy_cutoff_and_limit(catalog: Catalog) -> None:
    assert catalog.fuzzy("qqqqqqqqqqzzzz", score_cutoff=80) == []
    assert len(catalog.fuzzy("dragon", limit=12)) == 12
    assert all(m.score >= 95 for m in catalog.fuzzy("lightning bolt", score_cutoff=95))
    with pytest.raises(ValueError, match="limit"):
        catalog.fuzzy("bolt", limit=0)


def test_fuzzy_gives_no_partial_credit_to_short_names_inside_the_query(catalog: Catalog) -> None:
    names = [m.name for m in catalog.fuzzy("sheoldred the apocalypse", limit=5)]
    assert "Apocalypse" not in names


# ---------------------------------------------------------------- search


def test_search_over_text_and_type(catalog: Catalog) -> None:
    cards, total = catalog.search("destroy target creature", limit=10)
    assert total > 100
    assert len(cards) == 10
    assert all("destroy" in c.oracle_text.lower() for c in cards)
    frogs, frog_total = catalog.search("frog", limit=50)
    assert any("Frog" in c.type_line for c in frogs)
    assert frog_total >= len(frogs)


def test_search_ranks_names_first_and_pages(catalog: Catalog) -> None:
    cards, total = catalog.search("lightning bolt", limit=5)
    assert cards[0].name == "Lightning Bolt"
    second, total2 = catalog.search("lightning bolt", limit=5, offset=5)
    assert total2 == total
    assert not {c.name for c in cards} & {c.name for c in second}


def test_search_folds_accents(catalog: Catalog) -> None:
    cards, _ = catalog.search("Lim-Dul Necromancer")
    assert "Lim-Dûl the Necromancer" in [c.name for c in cards]


@pytest.mark.parametrize("hostile", ['"', 'AND (', "NEAR(", "*", "' OR 1=1 --", "bolt)", '"fire" AND', "^", ""])
def test_search_survives_hostile_input(catalog: Catalog, hostile: str) -> None:
    cards, total = catalog.search(hostile)
    assert total >= len(cards)


def test_search_rejects_bad_paging(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="limit"):
        catalog.search("bolt", limit=0)
    with pytest.raises(ValueError, match="offset"):
        catalog.search("bolt", offset=-1)


# ---------------------------------------------------------------- names in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what does lightning bolt do", ["Lightning Bolt"]),
        ("compare Shock and lighting bolt", ["Shock", "Lightning Bolt"]),
        ("Is Sheoldred the Apocalypse good in my deck?", ["Sheoldred, the Apocalypse"]),
        ("thoughtsieze vs duress", ["Thoughtseize", "Duress"]),
        ("Should I play Opt or Consider?", ["Opt", "Consider"]),
        ("teferis protection or heroic intervention?", ["Teferi's Protection", "Heroic Intervention"]),
        ("Is Fire // Ice better than Fire?", ["Fire // Ice"]),
        ('What does "Lightning Bolt" do? And \'Shock\'?', ["Lightning Bolt", "Shock"]),
        ("Is Urza's Saga good?", ["Urza's Saga"]),
        ("lim-dul the necromancer and Lim-Dûl's Vault", ["Lim-Dûl the Necromancer", "Lim-Dûl's Vault"]),
    ],
)
def test_find_names_in_text(catalog: Catalog, text: str, expected: list[str]) -> None:
    assert [c.name for c in catalog.find_names_in_text(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "I want more mana and land in the deck",
        "how many lands should a deck run",
        "what is the best aggro deck in standard",
        "is my curve too high? what should I cut",
        "",
    ],
)
def test_find_names_in_text_ignores_common_words(catalog: Catalog, text: str) -> None:
    assert catalog.find_names_in_text(text) == []


def test_find_names_in_text_limit(catalog: Catalog) -> None:
    found = catalog.find_names_in_text("Shock, Opt, Duress, Thoughtseize and Lightning Bolt", limit=2)
    assert [c.name for c in found] == ["Shock", "Opt"]


# ---------------------------------------------------------------- candidates


def test_candidates_respect_color_identity_and_types(catalog: Catalog) -> None:
    cards = catalog.candidates("RG", types=["Instant"], text_query="damage", limit=30)
    assert cards
    for card in cards:
        assert set(card.color_identity) <= {"R", "G"}
        assert "Instant" in card.types
        assert not card.name.startswith("A-")
    lands = catalog.candidates(["W"], types=["land"], max_mana_value=0, limit=10)
    assert all(c.is_land and set(c.color_identity) <= {"W"} for c in lands)
    assert catalog.candidates("", types=["Creature"], limit=5)
    assert all(c.color_identity == () for c in catalog.candidates("", limit=20))


def test_candidates_exclude_names(catalog: Catalog) -> None:
    first = catalog.candidates("R", types=["Instant"], limit=3)
    again = catalog.candidates("R", types=["Instant"], limit=3, exclude=[first[0].name])
    assert first[0].name not in [c.name for c in again]


# ---------------------------------------------------------------- threads


def test_catalog_is_safe_to_share_between_threads(catalog: Catalog) -> None:
    errors: list[BaseException] = []
    names = ["Lightning Bolt", "Fire // Ice", "Shock", "Opt", "Duress", "Thoughtseize"]

    def work() -> None:
        try:
            for _ in range(30):
                for name in names:
                    assert catalog.get(name) is not None
                catalog.search("destroy target", limit=5)
                catalog.fuzzy("lighting bolt")
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []


# ---------------------------------------------------------------- CLI


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from arena.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_info_lookup_and_search(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "catalog", "info", "--json", "--data-dir", str(data_dir))
    assert code == 0 and json.loads(out)["card_count"] > 30000
    code, out, _ = run_cli(capsys, "catalog", "lookup", "fire/ice", "--data-dir", str(data_dir))
    assert code == 0 and out.startswith("Fire // Ice  {1}{R}") and "Mana value 2" in out
    code, out, err = run_cli(capsys, "catalog", "lookup", "lighting bolt", "--data-dir", str(data_dir))
    assert code == 1 and "No card named 'lighting bolt'" in err and "Lightning Bolt  (96)" in err
    code, out, _ = run_cli(capsys, "catalog", "lookup", "lighting bolt", "--json", "--data-dir", str(data_dir))
    assert code == 1 and json.loads(out)["suggestions"][0]["name"] == "Lightning Bolt"
    code, out, _ = run_cli(capsys, "catalog", "search", "destroy target creature", "--limit", "3",
                           "--json", "--data-dir", str(data_dir))
    result = json.loads(out)
    assert code == 0 and result["total"] > 100 and len(result["cards"]) == 3
    code, out, _ = run_cli(capsys, "catalog", "search", 'AND ("', "--data-dir", str(data_dir))
    assert code == 0 and "cards match" in out
    code, out, _ = run_cli(capsys, "catalog", "build", "--data-dir", str(data_dir))
    assert code == 0 and "Catalog ready" in out


def test_cli_uses_the_data_dir_from_the_environment(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAWLRATHH_DATA_DIR", str(data_dir))
    code, out, _ = run_cli(capsys, "catalog", "info")
    assert code == 0 and str(data_dir) in out


def test_cli_import_scryfall_file_and_errors(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import gzip

    from tests.fakes.scryfall_server import generated_card

    bulk = tmp_path / "oracle-cards"
    bulk.write_bytes(gzip.compress(json.dumps([generated_card(i) for i in range(3)]).encode()))
    code, out, _ = run_cli(capsys, "catalog", "import-scryfall", str(bulk), "--no-progress",
                           "--data-dir", str(data_dir))
    assert code == 0 and "Imported 3 cards" in out
    code, out, _ = run_cli(capsys, "catalog", "lookup", "generated card 002", "--data-dir", str(data_dir))
    assert "Set TST · common · Arena id 90002" in out and "Legal in: historic, standard, vintage" in out
    code, _, err = run_cli(capsys, "catalog", "import-scryfall", str(tmp_path / "nope"), "--data-dir", str(data_dir))
    assert code == 2 and "no file at" in err
    # A single object reads as a one-line JSON Lines file: read, counted, and said to import nothing.
    one = tmp_path / "card.json"
    one.write_text('{"object": "card"}')
    code, out, _ = run_cli(capsys, "catalog", "import-scryfall", str(one), "--no-progress", "--data-dir", str(data_dir))
    assert code == 0 and "Imported 0 cards (1 objects read)" in out
    garbage = tmp_path / "garbage.json"
    garbage.write_text("hello world\n")
    code, _, err = run_cli(capsys, "catalog", "import-scryfall", str(garbage), "--no-progress",
                           "--data-dir", str(data_dir))
    assert code == 2 and "not a JSON array or JSON Lines file of cards" in err


def test_cli_import_scryfall_by_bulk_kind(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    from tests.fakes.scryfall_server import FakeScryfall, generated_card

    with FakeScryfall(None, generated=0) as fake:
        fake.files["oracle-cards.json"] = gzip.compress(json.dumps([generated_card(7)]).encode())
        fake.bulk_list = {"object": "list", "data": [
            {"object": "bulk_data", "type": "oracle_cards", "download_uri": f"{fake.url}/files/oracle-cards.json"},
        ]}
        monkeypatch.setenv("SCRYFALL_BASE_URL", fake.url)
        code, out, _ = run_cli(capsys, "catalog", "import-scryfall", "oracle_cards", "--no-progress",
                               "--data-dir", str(data_dir))
    assert code == 0 and "Imported 1 cards" in out
    assert (data_dir / "scryfall" / "oracle-cards.json").is_file()


# ---------------------------------------------------------------- damaged files, Scryfall rows


def test_a_damaged_catalog_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / CATALOG_FILENAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CatalogError, match="not a readable card catalog"):
        Catalog.open(tmp_path)


def test_old_schema_with_imported_data_is_not_silently_dropped(data_dir: Path) -> None:
    conn = sqlite3.connect(data_dir / CATALOG_FILENAME)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    conn.execute("UPDATE meta SET value = 'corpus+scryfall' WHERE key = 'source'")
    conn.commit()
    conn.close()
    with pytest.raises(CatalogError, match="import again"):
        Catalog.open(data_dir)


def test_scryfall_meld_front_updates_the_corpus_card(data_dir: Path) -> None:
    from tests.fakes.scryfall_server import generated_card

    with Catalog.open(data_dir) as cat:
        corpus_card = cat.get("Titania, Voice of Gaea")
        assert corpus_card is not None and " // " in corpus_card.name
        before = cat.card_count
        obj = generated_card(5, name="Titania, Voice of Gaea")
        obj.update({"layout": "meld", "mana_cost": "{1}{G}{G}", "type_line": "Legendary Creature — Elemental",
                    "color_identity": ["G"], "rarity": "mythic", "set": "bro"})
        assert cat.upsert_scryfall_cards([obj]) == 1
        assert cat.card_count == before
        card = cat.get("Titania, Voice of Gaea")
        assert card is not None and card.name == corpus_card.name
        assert card.rarity == "mythic" and card.set_code == "bro"


def test_scryfall_meld_front_keeps_every_name_after_reopening(data_dir: Path) -> None:
    from tests.fakes.scryfall_server import generated_card

    full = "Titania, Voice of Gaea // Titania, Gaea Incarnate"
    obj = generated_card(6, name="Titania, Voice of Gaea")
    obj.update({"layout": "meld", "type_line": "Legendary Creature — Elemental", "rarity": "mythic"})
    with Catalog.open(data_dir) as cat:
        cat.upsert_scryfall_cards([obj])
    with Catalog.open(data_dir) as cat:
        for name in (full, "Titania, Voice of Gaea"):
            card = cat.get(name)
            assert card is not None and card.name == full and card.rarity == "mythic", name
        cards, _ = cat.search("Titania Voice Gaea")
        assert full in [c.name for c in cards]


@pytest.mark.parametrize(
    "text",
    [
        "I never return to that deck",
        "please look at my deck because I keep flooding out and never draw my threats",
        "return it to the island",
    ],
)
def test_ordinary_words_that_are_faces_or_rules_words_are_not_cards(catalog: Catalog, text: str) -> None:
    assert catalog.find_names_in_text(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Never // Return is a fine card", ["Never // Return"]),
        ("I play Island and Never", ["Island", "Never // Return"]),
        ("what does duress do", ["Duress"]),
    ],
)
def test_capitalised_or_unusual_single_words_are_cards(catalog: Catalog, text: str, expected: list[str]) -> None:
    assert [c.name for c in catalog.find_names_in_text(text)] == expected


def test_find_names_in_a_pasted_deck_list(catalog: Catalog, realdata: Path) -> None:
    deck = (realdata / "decks" / "xmage_testdeck.mtga.txt").read_text(encoding="utf-8")
    found = [c.name for c in catalog.find_names_in_text(deck, limit=5)]
    assert len(found) == 5
    assert all(catalog.get(name) is not None for name in found)


def test_reload_sees_an_import_made_through_another_connection(data_dir: Path) -> None:
    from tests.fakes.scryfall_server import generated_card

    with Catalog.open(data_dir) as reader, Catalog.open(data_dir) as writer:
        assert reader.get("Generated Card 077") is None
        writer.upsert_scryfall_cards([generated_card(77)])
        assert reader.get("Generated Card 077") is None  # its names were read at open
        reader.reload()
        card = reader.get("Generated Card 077")
        assert card is not None and card.arena_id == 90077
