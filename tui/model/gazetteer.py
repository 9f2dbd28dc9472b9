"""Region gazetteer: the districts a duty officer may log, and forgiving lookup of their names.

Records store a district's stable ASCII ``key``; people type names in English or Russian,
with or without "District"/"район", in any case. Lookup resolves every such spelling to the
one district, and an unknown name fails with the closest candidates instead of a guess: a
wrong district silently stored is worse than a prompt to retype.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "REGIONS",
    "District",
    "Region",
    "UnknownDistrict",
    "UnknownRegion",
    "get_region",
]

#: Below this difflib ratio a candidate is noise rather than a plausible misspelling.
SUGGEST_CUTOFF = 0.6

#: Administrative words around a name, as normalised token sequences. They are stripped from
#: both ends so "Сухиничский р-н", "district Sukhinichsky" and "г. Калуга" reach the bare stem.
_DESIGNATORS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            ("district",),
            ("municipal", "district"),
            ("urban", "district"),
            ("city", "district"),
            ("urban", "okrug"),
            ("raion",),
            ("rayon",),
            ("city", "of"),
            ("city",),
            ("район",),
            ("р", "н"),
            ("рн",),
            ("муниципальный", "район"),
            ("мр",),
            ("городской", "округ"),
            ("го",),
            ("город",),
            ("г",),
        ),
        key=len,
        reverse=True,  # longest first, so "urban district" is not left as "urban"
    )
)

#: Common transliterations of the "-ский" ending ("Kozelskiy", "Kozelskii") mean "-sky".
_LATIN_SKY = re.compile(r"sk(?:iy|ii|ij|i)$")

_KINDS = frozenset({"municipal", "urban"})


def _normalise(text: str) -> str:
    """Reduce a typed name to a comparison form, so spelling noise cannot split one district.

    NFKC + casefold, ё→е, every non-alphanumeric character (hyphens, dots, «quotes») as a
    separator, administrative words stripped from both ends, then the tokens joined without
    spaces so "Spas Demensky", "Spas-Demensky" and "spas-demensky" all coincide.
    """
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    tokens = "".join(ch if ch.isalnum() else " " for ch in text).split()
    stripped = True
    while stripped:
        stripped = False
        for words in _DESIGNATORS:
            n = len(words)
            if len(tokens) <= n:
                continue  # never strip a name down to nothing: "District" stays unknown
            if tuple(tokens[:n]) == words:
                tokens = tokens[n:]
                stripped = True
            elif tuple(tokens[-n:]) == words:
                tokens = tokens[:-n]
                stripped = True
    return _LATIN_SKY.sub("sky", "".join(tokens))


def _stem_en(district: District) -> str:
    """The short English name ("Sukhinichsky", "Kaluga") used in one-line hints."""
    for suffix in (" Urban District", " District"):
        if district.name_en.endswith(suffix):
            return district.name_en.removesuffix(suffix)
    return district.name_en


def _label(district: District) -> str:
    """Both official names, because the officer may think in either language."""
    return f"{district.name_en} ({district.name_ru})"


@dataclass(frozen=True, slots=True)
class District:
    """One municipal or urban district; ``key`` is what records store, so it never changes."""

    key: str
    name_en: str
    name_ru: str
    kind: str
    centre_en: str
    centre_ru: str


class UnknownDistrict(LookupError):
    """A name matched no district; carries the closest candidates so the UI can offer them."""

    def __init__(
        self, name: str, suggestions: list[District], *, known: Sequence[District] = ()
    ) -> None:
        # Both values go to args so the exception survives pickling (worker processes, logs).
        super().__init__(name, suggestions)
        self.name = name
        self.suggestions = list(suggestions)
        self.known = tuple(known)  # the "known districts" hint when nothing is close

    def __str__(self) -> str:
        shown = " ".join(str(self.name).split())  # one line even if the input had newlines
        head = f"unknown district {shown!r}" if shown else "empty district name"
        if self.suggestions:
            labels = [_label(d) for d in self.suggestions]
            options = (
                labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
            )
            return f"{head}: did you mean {options}?"
        if self.known:
            return f"{head}; known districts: {', '.join(_stem_en(d) for d in self.known)}"
        return head


class UnknownRegion(KeyError):
    """An unconfigured region code; a KeyError whose text reads as a sentence, not a repr."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown region"


@dataclass(frozen=True)
class Region:
    """A region and its districts, with indexes built once so lookups stay O(1)."""

    code: str
    name_en: str
    name_ru: str
    tz_name: str
    districts: tuple[District, ...]
    _by_key: dict[str, District] = field(init=False, repr=False, compare=False)
    _by_form: dict[str, District] = field(init=False, repr=False, compare=False)
    _fuzzy_forms: tuple[tuple[District, tuple[str, ...]], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        """Build the indexes and refuse data where two districts would share a spelling."""
        by_key: dict[str, District] = {}
        by_form: dict[str, District] = {}
        fuzzy: list[tuple[District, tuple[str, ...]]] = []
        for district in self.districts:
            if district.kind not in _KINDS:
                raise ValueError(
                    f"district {district.key!r}: kind {district.kind!r} not in {_KINDS}"
                )
            if district.key in by_key:
                raise ValueError(f"duplicate district key {district.key!r}")
            by_key[district.key] = district
            exact = {_normalise(s) for s in (district.key, district.name_en, district.name_ru)}
            for form in exact:
                other = by_form.setdefault(form, district)
                if other is not district:
                    raise ValueError(f"{district.key!r} and {other.key!r} share the name {form!r}")
            # Centres only feed suggestions: a town typed as a district is worth a prompt,
            # not a silent mapping.
            centres = {_normalise(district.centre_en), _normalise(district.centre_ru)}
            fuzzy.append((district, tuple(sorted((exact | centres) - {""}))))
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_by_form", by_form)
        object.__setattr__(self, "_fuzzy_forms", tuple(fuzzy))

    def get(self, key: str) -> District | None:
        """The district under a stored key, exactly; records never hold display names."""
        return self._by_key.get(key)

    def lookup(self, name: str) -> District:
        """Resolve a typed name in either language; raise UnknownDistrict rather than guess."""
        if not isinstance(name, str):
            raise TypeError(f"district name must be str, not {type(name).__name__}")
        found = self._by_form.get(_normalise(name))
        if found is not None:
            return found
        raise UnknownDistrict(name, self.suggest(name), known=self.districts)

    def suggest(self, name: str, limit: int = 3) -> list[District]:
        """Closest districts to a (mis)typed name, best first, each district at most once."""
        if limit <= 0 or not isinstance(name, str):
            return []
        query = _normalise(name)
        if not query:
            return []
        scored: list[tuple[float, int, District]] = []
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(query)  # difflib caches details about seq2, so vary seq1
        for index, (district, forms) in enumerate(self._fuzzy_forms):
            best = 0.0
            for form in forms:
                if form == query:
                    best = 1.0
                    break
                if len(query) >= 3 and form.startswith(query):
                    # An abbreviation ("Sukh", "Мало") is a deliberate prefix, not a typo.
                    best = max(best, 0.75 + 0.25 * len(query) / len(form))
                matcher.set_seq1(form)
                if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                    best = max(best, matcher.ratio())
            if best >= SUGGEST_CUTOFF:
                scored.append((best, index, district))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [district for _, _, district in scored[:limit]]


def _municipal(key: str, en: str, ru: str, centre_en: str, centre_ru: str) -> District:
    """A municipal district ("муниципальный район") from its stem names."""
    return District(key, f"{en} District", f"{ru} район", "municipal", centre_en, centre_ru)


def _urban(key: str, en: str, ru: str) -> District:
    """An urban district ("городской округ «Город …»"), whose centre is the city itself."""
    return District(key, f"{en} Urban District", f"городской округ «Город {ru}»", "urban", en, ru)


KALUGA = Region(
    code="kaluga",
    name_en="Kaluga Region",
    name_ru="Калужская область",
    tz_name="Europe/Moscow",
    districts=(
        _municipal("babyninsky", "Babyninsky", "Бабынинский", "Babynino", "Бабынино"),
        _municipal("baryatinsky", "Baryatinsky", "Барятинский", "Baryatino", "Барятино"),
        _municipal("borovsky", "Borovsky", "Боровский", "Borovsk", "Боровск"),
        _municipal("duminichsky", "Duminichsky", "Думиничский", "Duminichi", "Думиничи"),
        _municipal("dzerzhinsky", "Dzerzhinsky", "Дзержинский", "Kondrovo", "Кондрово"),
        _municipal("ferzikovsky", "Ferzikovsky", "Ферзиковский", "Ferzikovo", "Ферзиково"),
        _municipal("iznoskovsky", "Iznoskovsky", "Износковский", "Iznoski", "Износки"),
        _municipal(
            "khvastovichsky", "Khvastovichsky", "Хвастовичский", "Khvastovichi", "Хвастовичи"
        ),
        _municipal("kirovsky", "Kirovsky", "Кировский", "Kirov", "Киров"),
        _municipal("kozelsky", "Kozelsky", "Козельский", "Kozelsk", "Козельск"),
        _municipal("kuybyshevsky", "Kuybyshevsky", "Куйбышевский", "Betlitsa", "Бетлица"),
        _municipal("lyudinovsky", "Lyudinovsky", "Людиновский", "Lyudinovo", "Людиново"),
        _municipal(
            "maloyaroslavetsky",
            "Maloyaroslavetsky",
            "Малоярославецкий",
            "Maloyaroslavets",
            "Малоярославец",
        ),
        _municipal("medynsky", "Medynsky", "Медынский", "Medyn", "Медынь"),
        _municipal("meshchovsky", "Meshchovsky", "Мещовский", "Meshchovsk", "Мещовск"),
        _municipal("mosalsky", "Mosalsky", "Мосальский", "Mosalsk", "Мосальск"),
        _municipal("peremyshlsky", "Peremyshlsky", "Перемышльский", "Peremyshl", "Перемышль"),
        _municipal(
            "spas-demensky", "Spas-Demensky", "Спас-Деменский", "Spas-Demensk", "Спас-Деменск"
        ),
        _municipal("sukhinichsky", "Sukhinichsky", "Сухиничский", "Sukhinichi", "Сухиничи"),
        _municipal("tarussky", "Tarussky", "Тарусский", "Tarusa", "Таруса"),
        _municipal("ulyanovsky", "Ulyanovsky", "Ульяновский", "Ulyanovo", "Ульяново"),
        _municipal("yukhnovsky", "Yukhnovsky", "Юхновский", "Yukhnov", "Юхнов"),
        _municipal("zhizdrinsky", "Zhizdrinsky", "Жиздринский", "Zhizdra", "Жиздра"),
        _municipal("zhukovsky", "Zhukovsky", "Жуковский", "Zhukov", "Жуков"),
        _urban("kaluga", "Kaluga", "Калуга"),
        _urban("obninsk", "Obninsk", "Обнинск"),
    ),
)

REGIONS: dict[str, Region] = {KALUGA.code: KALUGA}


def get_region(code: str) -> Region:
    """The configured region for a code; tolerant of case and spaces, explicit when unknown."""
    region = REGIONS.get(code.strip().casefold()) if isinstance(code, str) else None
    if region is None:
        known = ", ".join(sorted(REGIONS))
        raise UnknownRegion(f"unknown region code {code!r}; known region codes: {known}")
    return region
