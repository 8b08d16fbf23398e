"""More mentions of the places an article names: their names elsewhere, and their adjectives.

Where the model left the name out, or read it as part of another name, and a country's or region's
nationality adjective.

The entity rules decide *which* names are places; once an article uses a name as a place, the same
name elsewhere in it is the same place ("one sense per discourse"): in a headline the model tagged
nothing ("Fargo raised its goal"), in an organisation's name ("Roselle police", "Minnesota Department
of Transportation"), in a compound ("Fargo-Moorhead", "Lebanon-Syria treaty"). A country's or state's
adjective ("Egyptian-US relations", "Sri Lankan government", "Texan") is a mention of it too, as the
geoparsing benchmarks count it.

These mentions never add an entity: a place named only inside an organisation's name ("Chicago
police") or only by its adjective ("Lebanese government") is no place of the article, as the labelling
rules say (`tests/data/entities/LABELLING.md`). They never change an entity's type or name either: they
are attached after both are decided. Person and place mentions are never overlapped; an
organisation's or a nationality's mention may be.

The rules are data (`ATTACH_RULES`): each attached mention records its rule, which `extract --explain`
prints with the mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from service.extract.ner.spans import Candidate, Cluster, find_names

#: Adjectives and nationalities of countries (news English), by the
#: country's name as the gazetteer or the article writes it.
COUNTRY_DEMONYMS: dict[str, tuple[str, ...]] = {
    "United States": ("American", "Americans"),
    "U.S.": ("American", "Americans"),
    "US": ("American", "Americans"),
    "America": ("American", "Americans"),
    "United Kingdom": ("British", "Briton", "Britons"),
    "Britain": ("British", "Briton", "Britons"),
    "Great Britain": ("British", "Briton", "Britons"),
    "UK": ("British",),
    "U.K.": ("British",),
    "England": ("English",),
    "Scotland": ("Scottish", "Scots"),
    "Wales": ("Welsh",),
    "Ireland": ("Irish",),
    "France": ("French",),
    "Netherlands": ("Dutch",),
    "Switzerland": ("Swiss",),
    "Greece": ("Greek", "Greeks"),
    "Philippines": ("Filipino", "Filipinos", "Philippine"),
    "Thailand": ("Thai", "Thais"),
    "Spain": ("Spanish", "Spaniard", "Spaniards"),
    "Portugal": ("Portuguese",),
    "Denmark": ("Danish", "Dane", "Danes"),
    "Sweden": ("Swedish", "Swede", "Swedes"),
    "Norway": ("Norwegian", "Norwegians"),
    "Finland": ("Finnish", "Finn", "Finns"),
    "Poland": ("Polish", "Pole", "Poles"),
    "Iceland": ("Icelandic", "Icelanders"),
    "Turkey": ("Turkish", "Turk", "Turks"),
    "Germany": ("German", "Germans"),
    "Czech Republic": ("Czech", "Czechs"),
    "Czechia": ("Czech", "Czechs"),
    "Slovakia": ("Slovak", "Slovaks"),
    "Croatia": ("Croatian", "Croat", "Croats"),
    "Serbia": ("Serbian", "Serb", "Serbs"),
    "Afghanistan": ("Afghan", "Afghans"),
    "Kazakhstan": ("Kazakh", "Kazakhs"),
    "Uzbekistan": ("Uzbek", "Uzbeks"),
    "Tajikistan": ("Tajik", "Tajiks"),
    "Kyrgyzstan": ("Kyrgyz",),
    "Turkmenistan": ("Turkmen",),
    "Saudi Arabia": ("Saudi", "Saudis"),
    "New Zealand": ("New Zealander", "New Zealanders"),
    "Cyprus": ("Cypriot", "Cypriots"),
    "Peru": ("Peruvian", "Peruvians"),
    "Argentina": ("Argentine", "Argentinian", "Argentines", "Argentinians"),
    "Somalia": ("Somali", "Somalis"),
    "Madagascar": ("Malagasy",),
    "Congo": ("Congolese",),
    "Democratic Republic of the Congo": ("Congolese",),
    "DR Congo": ("Congolese",),
    "Togo": ("Togolese",),
    "Monaco": ("Monegasque", "Monégasque"),
    "Belgium": ("Belgian", "Belgians"),
    "Israel": ("Israeli", "Israelis"),
    "Yemen": ("Yemeni", "Yemenis"),
    "Lebanon": ("Lebanese",),
    "Sudan": ("Sudanese",),
    "South Sudan": ("South Sudanese",),
    "Vietnam": ("Vietnamese",),
    "Malta": ("Maltese",),
    "Myanmar": ("Burmese",),
    "Burma": ("Burmese",),
    "China": ("Chinese",),
    "Japan": ("Japanese",),
    "Taiwan": ("Taiwanese",),
    "Senegal": ("Senegalese",),
    "Nepal": ("Nepali", "Nepalese"),
    "Bangladesh": ("Bangladeshi", "Bangladeshis"),
    "Pakistan": ("Pakistani", "Pakistanis"),
    "Iraq": ("Iraqi", "Iraqis"),
    "Kuwait": ("Kuwaiti", "Kuwaitis"),
    "Oman": ("Omani", "Omanis"),
    "Qatar": ("Qatari", "Qataris"),
    "Bahrain": ("Bahraini", "Bahrainis"),
    "United Arab Emirates": ("Emirati", "Emiratis"),
    "Azerbaijan": ("Azerbaijani", "Azerbaijanis"),
    "Iran": ("Iranian", "Iranians"),
    "Egypt": ("Egyptian", "Egyptians"),
    "Mexico": ("Mexican", "Mexicans"),
    "Morocco": ("Moroccan", "Moroccans"),
    "Puerto Rico": ("Puerto Rican", "Puerto Ricans"),
    "Costa Rica": ("Costa Rican", "Costa Ricans"),
    "Chile": ("Chilean", "Chileans"),
    "Haiti": ("Haitian", "Haitians"),
    "Zimbabwe": ("Zimbabwean", "Zimbabweans"),
    "Palestine": ("Palestinian", "Palestinians"),
    "Palestinian Territory": ("Palestinian", "Palestinians"),
    "Ukraine": ("Ukrainian", "Ukrainians"),
    "Italy": ("Italian", "Italians"),
    "Hungary": ("Hungarian", "Hungarians"),
    "Brazil": ("Brazilian", "Brazilians"),
    "Canada": ("Canadian", "Canadians"),
    "El Salvador": ("Salvadoran", "Salvadorans", "Salvadorean"),
    "Guatemala": ("Guatemalan", "Guatemalans"),
    "Nicaragua": ("Nicaraguan", "Nicaraguans"),
    "Venezuela": ("Venezuelan", "Venezuelans"),
    "Colombia": ("Colombian", "Colombians"),
    "Cuba": ("Cuban", "Cubans"),
    "Jordan": ("Jordanian", "Jordanians"),
    "Syria": ("Syrian", "Syrians"),
    "Libya": ("Libyan", "Libyans"),
    "Tunisia": ("Tunisian", "Tunisians"),
    "Algeria": ("Algerian", "Algerians"),
    "Nigeria": ("Nigerian", "Nigerians"),
    "Niger": ("Nigerien", "Nigeriens"),
    "Kenya": ("Kenyan", "Kenyans"),
    "Ethiopia": ("Ethiopian", "Ethiopians"),
    "Russia": ("Russian", "Russians"),
    "India": ("Indian", "Indians"),
    "Indonesia": ("Indonesian", "Indonesians"),
    "Malaysia": ("Malaysian", "Malaysians"),
    "Australia": ("Australian", "Australians"),
    "Austria": ("Austrian", "Austrians"),
    "Armenia": ("Armenian", "Armenians"),
    "Georgia": ("Georgian", "Georgians"),
    "Korea": ("Korean", "Koreans"),
    "South Korea": ("South Korean", "South Koreans"),
    "North Korea": ("North Korean", "North Koreans"),
    "Sri Lanka": ("Sri Lankan", "Sri Lankans"),
    "South Africa": ("South African", "South Africans"),
    "Romania": ("Romanian", "Romanians"),
    "Bulgaria": ("Bulgarian", "Bulgarians"),
    "Albania": ("Albanian", "Albanians"),
    "Bosnia": ("Bosnian", "Bosnians"),
    "Bosnia and Herzegovina": ("Bosnian", "Bosnians"),
    "Estonia": ("Estonian", "Estonians"),
    "Latvia": ("Latvian", "Latvians"),
    "Lithuania": ("Lithuanian", "Lithuanians"),
    "Belarus": ("Belarusian", "Belarusians"),
    "Mongolia": ("Mongolian", "Mongolians"),
    "Rwanda": ("Rwandan", "Rwandans"),
    "Uganda": ("Ugandan", "Ugandans"),
    "Tanzania": ("Tanzanian", "Tanzanians"),
    "Zambia": ("Zambian", "Zambians"),
    "Ghana": ("Ghanaian", "Ghanaians"),
    "Cameroon": ("Cameroonian", "Cameroonians"),
    "Mali": ("Malian", "Malians"),
    "Chad": ("Chadian", "Chadians"),
    "Eritrea": ("Eritrean", "Eritreans"),
    "Ecuador": ("Ecuadorian", "Ecuadorians"),
    "Bolivia": ("Bolivian", "Bolivians"),
    "Paraguay": ("Paraguayan", "Paraguayans"),
    "Uruguay": ("Uruguayan", "Uruguayans"),
    "Honduras": ("Honduran", "Hondurans"),
    "Panama": ("Panamanian", "Panamanians"),
    "Jamaica": ("Jamaican", "Jamaicans"),
    "Dominica": ("Dominican",),
    "Dominican Republic": ("Dominican", "Dominicans"),
    "Trinidad and Tobago": ("Trinidadian", "Trinidadians"),
    "Singapore": ("Singaporean", "Singaporeans"),
    "Cambodia": ("Cambodian", "Cambodians"),
    "Laos": ("Laotian", "Laotians"),
    "Slovenia": ("Slovenian", "Slovene", "Slovenians"),
    "Moldova": ("Moldovan", "Moldovans"),
    "Luxembourg": ("Luxembourgish",),
    "Mauritius": ("Mauritian", "Mauritians"),
    "Fiji": ("Fijian", "Fijians"),
    "Kosovo": ("Kosovan", "Kosovar", "Kosovars"),
    # twelfth round: smaller countries, whose nationality the model reads as an organisation ("Nauruan
    # president", "a Monégasque court")
    "Angola": ("Angolan", "Angolans"),
    "Mozambique": ("Mozambican", "Mozambicans"),
    "Namibia": ("Namibian", "Namibians"),
    "Botswana": ("Botswanan", "Motswana", "Batswana"),
    "Lesotho": ("Basotho", "Mosotho"),
    "Eswatini": ("Swazi", "Swazis", "Emaswati"),
    "Malawi": ("Malawian", "Malawians"),
    "Burundi": ("Burundian", "Burundians"),
    "Gabon": ("Gabonese",),
    "Benin": ("Beninese",),
    "Burkina Faso": ("Burkinabe", "Burkinabè"),
    "Guinea": ("Guinean", "Guineans"),
    "Guinea-Bissau": ("Bissau-Guinean", "Bissau-Guineans"),
    "Equatorial Guinea": ("Equatoguinean", "Equatorial Guinean"),
    "Sierra Leone": ("Sierra Leonean", "Sierra Leoneans"),
    "Liberia": ("Liberian", "Liberians"),
    "Gambia": ("Gambian", "Gambians"),
    "Mauritania": ("Mauritanian", "Mauritanians"),
    "Djibouti": ("Djiboutian", "Djiboutians"),
    "Comoros": ("Comorian", "Comorians"),
    "Seychelles": ("Seychellois",),
    "Cape Verde": ("Cape Verdean", "Cape Verdeans"),
    "Central African Republic": ("Central African", "Central Africans"),
    "Ivory Coast": ("Ivorian", "Ivorians"),
    "São Tomé and Príncipe": ("Santomean", "Santomeans"),
    "Nauru": ("Nauruan", "Nauruans"),
    "Tonga": ("Tongan", "Tongans"),
    "Samoa": ("Samoan", "Samoans"),
    "Vanuatu": ("Vanuatuan", "Ni-Vanuatu"),
    "Palau": ("Palauan", "Palauans"),
    "Tuvalu": ("Tuvaluan", "Tuvaluans"),
    "Kiribati": ("I-Kiribati",),
    "Papua New Guinea": ("Papua New Guinean", "Papua New Guineans"),
    "Bhutan": ("Bhutanese",),
    "Maldives": ("Maldivian", "Maldivians"),
    "Brunei": ("Bruneian", "Bruneians"),
    "Timor-Leste": ("Timorese",),
    "East Timor": ("Timorese",),
    "Montenegro": ("Montenegrin", "Montenegrins"),
    "North Macedonia": ("Macedonian", "Macedonians"),
    "Andorra": ("Andorran", "Andorrans"),
    "Liechtenstein": ("Liechtensteiner", "Liechtensteiners"),
    "San Marino": ("Sammarinese",),
    "Belize": ("Belizean", "Belizeans"),
    "Barbados": ("Barbadian", "Barbadians"),
    "Bahamas": ("Bahamian", "Bahamians"),
    "Grenada": ("Grenadian", "Grenadians"),
    "Guyana": ("Guyanese",),
    "Suriname": ("Surinamese",),
    "Greenland": ("Greenlandic",),
}

#: The other way round: each nationality word -> the countries that claim it, in `COUNTRY_DEMONYMS` order
#: ("American" -> United States, U.S., US, America). One inverse for every reader of the table.
DEMONYM_COUNTRIES: dict[str, tuple[str, ...]] = {}
for _country, _forms in COUNTRY_DEMONYMS.items():
    for _form in _forms:
        DEMONYM_COUNTRIES[_form] = (*DEMONYM_COUNTRIES.get(_form, ()), _country)
#: Adjectives of first-level regions, made from the region's name by these endings ("Texas" -> "Texan",
#: "Ohio" -> "Ohioan", "California" -> "Californian", "Punjab" -> "Punjabi"): (strip, add).
REGION_ENDINGS: tuple[tuple[str, str], ...] = (
    ("as", "an"),
    ("a", "an"),
    ("o", "oan"),
    ("e", "ian"),
    ("", "i"),
)


@dataclass(frozen=True, slots=True)
class AttachRule:
    """A named way to find more mentions of a place the article names."""

    name: str
    #: What it finds, for the docs and the explanation.
    what: str


PLACE_NAMED_ELSEWHERE = AttachRule(
    "place_named_elsewhere",
    "the name of a place of the article, where the model tagged nothing or read it inside another name",
)
DEMONYM_OF_PLACE = AttachRule(
    "demonym_of_place",
    "the nationality or adjective of a country or region the article names as a place",
)
PLACE_IN_NAME = AttachRule(
    "place_in_name",
    "a place of the article named inside another entity's name under another form, where the gazetteer "
    'gives the same place ("United States" in "Office of the United States Trade Representative" for "U.S.")',
)
#: The rules, in the order they run (`PLACE_IN_NAME` after geocoding: it compares resolved places).
ATTACH_RULES: tuple[AttachRule, ...] = (PLACE_NAMED_ELSEWHERE, DEMONYM_OF_PLACE, PLACE_IN_NAME)
#: The longest inner name `PLACE_IN_NAME` tries, in words ("Democratic Republic of the Congo" is five).
INNER_NAME_WORDS = 5
#: Lower-case words an inner place name may hold between its capitalised ones ("Bosnia and Herzegovina").
INNER_NAME_JOINERS = frozenset({"of", "and", "the", "de", "du", "la"})
_WORD = re.compile(r"[^\W_][\w.&'’-]*")


def demonyms(name: str, country: bool) -> set[str]:
    """The adjectives and nationalities of a country (from `COUNTRY_DEMONYMS`) or a region (by ending).

    Examples:
        >>> sorted(demonyms("Egypt", True)), sorted(demonyms("Texas", False))
        (['Egyptian', 'Egyptians'], ['Texan', 'Texans'])

    """
    if country:
        return set(COUNTRY_DEMONYMS.get(name, ()))
    out: set[str] = set()
    for strip, add in REGION_ENDINGS:
        if name.endswith(strip) and len(name) - len(strip) >= 3 and " " not in name:
            adjective = name[: len(name) - len(strip)] + add
            out.update((adjective, adjective + "s"))
            break
    return out


class PlaceMentions:
    """Attaches more mentions to the place clusters of one article (see the module docstring)."""

    def __init__(self, text: str, taken: Sequence[tuple[int, int]]) -> None:
        """`taken`: the spans of every person and place mention, which no attached mention may overlap."""
        self.text = text
        self.taken = sorted(taken)

    def free(self, start: int, end: int) -> bool:
        """Whether no taken span overlaps `start:end`."""
        # Mentions do not overlap one another, so their ends are in order too: of the spans starting before
        # `end`, only the last few can reach past `start`.
        i = bisect_left(self.taken, (end, end))
        return not any(b > start for _, b in self.taken[max(0, i - 8) : i])

    def take(self, start: int, end: int) -> None:
        """Mark `start:end` taken (a mention attached outside `attach`)."""
        insort(self.taken, (start, end))

    def attach(self, groups: Sequence[tuple[Cluster, Iterable[str]]], rule: AttachRule) -> int:
        """Each free occurrence of a cluster's forms (as written, or in capitals: a dateline) added to it.

        One scan of the text for all clusters; a form two clusters share goes to the first. Returns how
        many mentions were added.
        """
        owner: dict[str, Cluster] = {}
        for cluster, forms in groups:
            for form in forms:
                for variant in (form, form.upper()):
                    if len(variant) >= 2 and variant in self.text:
                        owner.setdefault(variant, cluster)
        if not owner:
            return 0
        added = 0
        touched: dict[int, Cluster] = {}
        # Each variant as a whole name, longest first; a hyphen may come before ("Fargo-Moorhead",
        # "anti-Russian"), never a letter, a period or an apostrophe.
        for start, end in find_names(self.text, sorted(owner, key=len, reverse=True), ".’'"):
            if not self.free(start, end):
                continue
            name = self.text[start:end]
            cluster = owner[name]
            mention = Candidate(start, end, name)
            mention.cast(rule.name, "place", 0.0)
            cluster.mentions.append(mention)
            self.take(start, end)
            touched[id(cluster)] = cluster
            added += 1
        for cluster in touched.values():
            cluster.mentions.sort(key=lambda m: m.start)
        return added


def inner_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans inside `text[start:end]` that may name a place: runs of capitalised words, longest first.

    A run starts and ends with a capitalised word (lower-case joiners between: "Bosnia and
    Herzegovina"), holds at most `INNER_NAME_WORDS` words and is shorter than the whole span: the whole
    name is the other entity's own.

    Examples:
        >>> text = "Office of the United States Trade Representative"
        >>> [text[a:b] for a, b in inner_names(text, 0, len(text))][:2]
        ['United States Trade Representative', 'Office of the United States']

    """
    words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]
    # a sentence's or an abbreviation's last period is no part of the name ("Police Dept." -> "Dept")
    words = [(a, b - 1) if text[b - 1] == "." and "." not in text[a : b - 1] else (a, b) for a, b in words]
    runs: list[tuple[int, int]] = []
    for i, (a, _) in enumerate(words):
        if not text[a].isupper():
            continue
        for j in range(i, min(i + INNER_NAME_WORDS, len(words))):
            word = text[words[j][0] : words[j][1]]
            if not word[0].isupper():
                if word in INNER_NAME_JOINERS:
                    continue
                break
            if (a, words[j][1]) != (start, end):
                runs.append((a, words[j][1]))
    return sorted(runs, key=lambda r: (r[0] - r[1], r[0]))
