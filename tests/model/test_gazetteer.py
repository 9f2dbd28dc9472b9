"""Gazetteer: every spelling an officer types reaches one district, and nothing else guesses."""

from __future__ import annotations

import pickle
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.gazetteer import (
    REGIONS,
    District,
    Region,
    UnknownDistrict,
    UnknownRegion,
    get_region,
)

KALUGA = get_region("kaluga")
DISTRICTS = KALUGA.districts
IDS = [d.key for d in DISTRICTS]


def _stem_en(d: District) -> str:
    return d.name_en.removesuffix(" Urban District").removesuffix(" District")


def _stem_ru(d: District) -> str:
    if d.kind == "urban":
        return d.name_ru.removeprefix("городской округ «Город ").removesuffix("»")
    return d.name_ru.removesuffix(" район")


def _forms(d: District) -> list[str]:
    return [d.key, d.name_en, d.name_ru, _stem_en(d), _stem_ru(d)]


# --- region data -------------------------------------------------------------------------


def test_region_fields() -> None:
    assert REGIONS == {"kaluga": KALUGA}
    assert (KALUGA.code, KALUGA.name_en, KALUGA.name_ru, KALUGA.tz_name) == (
        "kaluga",
        "Kaluga Region",
        "Калужская область",
        "Europe/Moscow",
    )


def test_time_zone_resolves() -> None:
    try:
        zoneinfo.ZoneInfo(KALUGA.tz_name)
    except zoneinfo.ZoneInfoNotFoundError:  # pragma: no cover - host without tz data
        pytest.skip("no time zone database on this host")


def test_twenty_six_districts_with_unique_ascii_keys() -> None:
    assert len(DISTRICTS) == 26
    assert len(set(IDS)) == 26
    assert sum(d.kind == "municipal" for d in DISTRICTS) == 24
    assert sorted(d.key for d in DISTRICTS if d.kind == "urban") == ["kaluga", "obninsk"]
    for d in DISTRICTS:
        assert d.key.isascii() and d.key == d.key.lower() and " " not in d.key
        assert d.centre_en and d.centre_ru


def test_names_follow_the_official_patterns() -> None:
    for d in DISTRICTS:
        if d.kind == "municipal":
            assert d.name_en.endswith(" District")
            assert d.name_ru.endswith("ий район")
        else:
            assert d.name_en.endswith(" Urban District")
            assert d.name_ru.startswith("городской округ «Город ")


def test_known_entries() -> None:
    s = KALUGA.get("sukhinichsky")
    assert s == District(
        "sukhinichsky",
        "Sukhinichsky District",
        "Сухиничский район",
        "municipal",
        "Sukhinichi",
        "Сухиничи",
    )
    assert KALUGA.get("dzerzhinsky").centre_ru == "Кондрово"  # type: ignore[union-attr]
    assert KALUGA.get("spas-demensky").name_ru == "Спас-Деменский район"  # type: ignore[union-attr]
    assert KALUGA.get("kaluga").name_ru == "городской округ «Город Калуга»"  # type: ignore[union-attr]
    assert KALUGA.get("obninsk").name_en == "Obninsk Urban District"  # type: ignore[union-attr]


def test_get_is_exact_on_stored_keys() -> None:
    assert KALUGA.get("Sukhinichsky") is None
    assert KALUGA.get("nowhere") is None
    for d in DISTRICTS:
        assert KALUGA.get(d.key) is d


def test_get_region_unknown_code() -> None:
    assert get_region(" Kaluga ") is KALUGA
    with pytest.raises(KeyError) as info:
        get_region("moscow")
    assert isinstance(info.value, UnknownRegion)
    assert str(info.value) == "unknown region code 'moscow'; known region codes: kaluga"


def test_region_rejects_ambiguous_data() -> None:
    a = District("a", "Alpha District", "Альфа район", "municipal", "A", "А")
    with pytest.raises(ValueError, match="duplicate district key"):
        Region("x", "X", "Х", "UTC", (a, a))
    b = District("b", "Alpha Urban District", "Бета район", "urban", "B", "Б")
    with pytest.raises(ValueError, match="share the name"):
        Region("x", "X", "Х", "UTC", (a, b))
    c = District("c", "Gamma District", "Гамма район", "rural", "C", "Ц")
    with pytest.raises(ValueError, match="kind"):
        Region("x", "X", "Х", "UTC", (c,))


# --- exact lookup ------------------------------------------------------------------------


@pytest.mark.parametrize("district", DISTRICTS, ids=IDS)
def test_every_form_resolves(district: District) -> None:
    for form in _forms(district):
        for variant in (form, form.upper(), form.lower(), f"  {form}\t "):
            assert KALUGA.lookup(variant) is district, variant


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Сухиничский район", "sukhinichsky"),
        ("SUKHINICHSKY district", "sukhinichsky"),
        ("sukhinichsky   DISTRICT", "sukhinichsky"),
        ("Сухиничский р-н", "sukhinichsky"),
        ("р-н Сухиничский", "sukhinichsky"),
        ("муниципальный район «Сухиничский район»", "sukhinichsky"),
        ("Kozelskiy", "kozelsky"),
        ("Kozelskii raion", "kozelsky"),
        ("Spas Demensky", "spas-demensky"),
        ("spas  -  demensky district", "spas-demensky"),
        ("Спас Деменский", "spas-demensky"),
        ("СПАС-ДЕМЕНСКИЙ Р-Н", "spas-demensky"),
        ("Kaluga", "kaluga"),
        ("City of Kaluga", "kaluga"),
        ("Kaluga city", "kaluga"),
        ("Калуга", "kaluga"),
        ("г. Калуга", "kaluga"),
        ("город Калуга", "kaluga"),
        ("городской округ Калуга", "kaluga"),
        ('городской округ "Город Калуга"', "kaluga"),
        ("Обнинск", "obninsk"),
        ("г.Обнинск", "obninsk"),
        ("Obninsk Urban District", "obninsk"),
        ("Мещовский", "meshchovsky"),
        ("Спас-Дёменский", "spas-demensky"),  # ё typed for е
        ("Малоярославецкий\u00a0район", "maloyaroslavetsky"),  # no-break space
    ],
)
def test_variant_spellings(typed: str, key: str) -> None:
    assert KALUGA.lookup(typed).key == key


def test_yo_and_ye_are_equivalent_both_ways() -> None:
    a = District("a", "Orel District", "Орёл район", "municipal", "Orel", "Орёл")
    region = Region("x", "X", "Х", "UTC", (a,))
    assert region.lookup("Орел") is a
    assert region.lookup("ОРЁЛ район") is a


def test_same_district_from_either_language() -> None:
    assert KALUGA.lookup("Сухиничский район") is KALUGA.lookup("SUKHINICHSKY district")


def test_region_and_centre_names_are_not_districts() -> None:
    # A town is worth a prompt, not a silent mapping to its district.
    for typed in ("Kaluga Region", "Калужская область", "Kondrovo", "Sukhinichi", "District"):
        with pytest.raises(UnknownDistrict):
            KALUGA.lookup(typed)


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        KALUGA.lookup(None)  # type: ignore[arg-type]


# --- unknown names and suggestions -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Sukhinichy", "sukhinichsky"),
        ("Babynino district", "babyninsky"),
        ("Бабынинскийй", "babyninsky"),
        ("Kondrovo", "dzerzhinsky"),
        ("Sukhinichi", "sukhinichsky"),
        ("Maloyaroslavec", "maloyaroslavetsky"),
        ("Kuibyshevsky", "kuybyshevsky"),
        ("Людинoвский", "lyudinovsky"),  # Latin "o" slipped in
        ("Obninks", "obninsk"),
        ("Sukh", "sukhinichsky"),
    ],
)
def test_misspelling_suggests_the_right_district_first(typed: str, key: str) -> None:
    with pytest.raises(UnknownDistrict) as info:
        KALUGA.lookup(typed)
    error = info.value
    assert error.name == typed
    assert error.suggestions and error.suggestions[0].key == key
    assert KALUGA.suggest(typed)[0].key == key


def test_message_names_the_suggestion_in_both_languages() -> None:
    with pytest.raises(UnknownDistrict) as info:
        KALUGA.lookup("Sukhinichy")
    message = str(info.value)
    assert message.startswith(
        "unknown district 'Sukhinichy': did you mean Sukhinichsky District (Сухиничский район)"
    )
    assert message.endswith("?")
    assert "\n" not in message


def test_unrelated_name_lists_known_districts() -> None:
    with pytest.raises(UnknownDistrict) as info:
        KALUGA.lookup("Atlantis")
    error = info.value
    assert error.suggestions == []
    message = str(error)
    assert message.startswith("unknown district 'Atlantis'; known districts: Babyninsky, ")
    assert "Spas-Demensky" in message and "Obninsk" in message
    assert "\n" not in message


def test_message_stays_on_one_line() -> None:
    with pytest.raises(UnknownDistrict) as info:
        KALUGA.lookup("Atl\nantis\r\n")
    assert "\n" not in str(info.value) and "\r" not in str(info.value)
    with pytest.raises(UnknownDistrict) as info:
        KALUGA.lookup("   ")
    assert str(info.value).startswith("empty district name")


def test_exception_contract() -> None:
    error = UnknownDistrict("Sukhinichy", [KALUGA.get("sukhinichsky")])  # type: ignore[list-item]
    assert isinstance(error, LookupError)
    assert str(error) == (
        "unknown district 'Sukhinichy': did you mean Sukhinichsky District (Сухиничский район)?"
    )
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) and copy.suggestions == error.suggestions


def test_suggest_contract() -> None:
    assert KALUGA.suggest("Sukhinichsky district")[0].key == "sukhinichsky"
    assert len(KALUGA.suggest("Kozelsk", limit=1)) == 1
    assert KALUGA.suggest("Kozelsk", limit=0) == []
    assert KALUGA.suggest("") == []
    assert KALUGA.suggest("Atlantis") == []


# --- properties --------------------------------------------------------------------------

_ALL_FORMS = [(d, form) for d in DISTRICTS for form in _forms(d)]


@st.composite
def _case_permuted(draw: st.DrawFn) -> tuple[District, str]:
    district, form = draw(st.sampled_from(_ALL_FORMS))
    flips = draw(st.lists(st.booleans(), min_size=len(form), max_size=len(form)))
    typed = "".join(c.upper() if up else c.lower() for c, up in zip(form, flips, strict=True))
    pad = draw(st.sampled_from(["", " ", "  ", "\t"]))
    return district, f"{pad}{typed}{pad}"


@settings(max_examples=200, deadline=None)
@given(_case_permuted())
def test_any_case_permutation_resolves(case: tuple[District, str]) -> None:
    district, typed = case
    assert KALUGA.lookup(typed) is district


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_lookup_either_resolves_or_raises_unknown(text: str) -> None:
    try:
        found = KALUGA.lookup(text)
    except UnknownDistrict as error:
        keys = [d.key for d in error.suggestions]
        assert len(keys) == len(set(keys)) <= 3
        assert "\n" not in str(error)
    else:
        assert found in DISTRICTS


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=20), st.integers(min_value=0, max_value=30))
def test_suggest_is_bounded_and_deduplicated(text: str, limit: int) -> None:
    keys = [d.key for d in KALUGA.suggest(text, limit)]
    assert len(keys) == len(set(keys)) <= limit
