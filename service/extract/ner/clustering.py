"""Mentions of one real-world entity clustered.

By the same form, an acronym and its definition, a surname and its full name, an agency's short and long
names, two names of one gazetteer place.
"""

from __future__ import annotations

import re

from service.extract.gazetteer import Geocoder, fold
from service.extract.ner.given_names import GIVEN_NAMES
from service.extract.ner.lexicon import (
    ACRONYM_DEF,
    ACRONYMS,
    AGENCY_LONG,
    AGENCY_SHORT,
    BODY_OF_BODY_HEAD,
    COMMON_WORD_TEXT,
    COMMON_WORD_WEIGHT,
    COMPANY_SUFFIXES,
    DEMONYM,
    DIRECTION_WORDS,
    INITIALS_SKIP,
    INSTITUTION_WORDS,
    KNOWN_ORG_KEYS,
    NOT_A_NAME,
    ORG_ALIAS_GROUPS,
    PLACE_DESIGNATORS,
    WEAK_PLACE_RULES,
    described_alias,
    has_org_word,
    org_key,
)
from service.extract.ner.spans import Candidate, Cluster, Label, leading_label, looks_like_name, name_tokens

#: The last word of a son's or a father's name: "Donald Trump Jr." is not "Donald Trump" cut short.
_GENERATIONS = frozenset({"Jr", "Sr", "II", "III", "IV"})
#: The words of a name as written, particles too ("Ben Sasse" has two: a host for the surname "Sasse").
_NAME_WORDS = re.compile(r"[\s-]+")


def _groups_of_key() -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for index, group in enumerate(ORG_ALIAS_GROUPS):
        for key in group:
            out[key] = (*out.get(key, ()), index)
    return out


#: Folded name -> the indices of the `ORG_ALIAS_GROUPS` that hold it: an article's forms find their groups
#: by look-up, instead of every group testing every form.
_GROUPS_OF_KEY = _groups_of_key()


class Clusterer:
    """Groups mention candidates into clusters, one per real-world entity."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder

    def cluster(self, mentions: list[Candidate], text: str) -> list[Cluster]:
        """The clusters of `mentions`, in the order of their first mention."""
        by_form: dict[str, Cluster] = {}
        for m in mentions:
            by_form.setdefault(m.form, Cluster([])).mentions.append(m)
        # Acronyms defined in the text, then common ones: the acronym joins its long form.
        alias: dict[str, str] = {}
        for m in mentions:
            definition = ACRONYM_DEF.match(text, m.end)
            if definition and definition.group("acr") in by_form and m.form != definition.group("acr"):
                acr = definition.group("acr")
                initials = "".join(w[0] for w in m.form.split() if w[:1].isupper())
                if len(m.form.split()) == 1 and not _letters_in_order(acr, m.form):
                    continue  # "ATLANTA (AP)": a dateline and its wire credit, not a name and its acronym
                if acr[0].upper() == m.form[0].upper() or acr.replace(".", "") in initials:
                    alias[acr] = m.form
                elif _foreign_acronym(acr, m, by_form[acr]):
                    alias[acr] = m.form
                elif leading_label(m) == "org" and _blend_of(acr, m.form):
                    alias[acr] = m.form
                    for short in by_form[acr].mentions:  # "Southcom says" read as a person: the command's
                        short.cast("blend_of_org", "org", 1.5)
        for acr, long_form in ACRONYMS.items():
            if acr in by_form and acr not in alias and long_form in by_form:
                alias[acr] = long_form
        self._group_aliases(by_form, alias)
        self._initials_aliases(by_form, alias)
        # Places: two names of one gazetteer entry ("US", "United States", "America").
        geo_key: dict[int, str] = {}
        for form, cluster in by_form.items():
            if _leading(cluster) == "place":
                geo = self.geocoder.lookup(form)
                if geo is not None and geo.geonames_id is not None and geo.kind in ("country", "region"):
                    if geo.geonames_id in geo_key:
                        other = geo_key[geo.geonames_id]
                        longer, shorter = sorted((other, form), key=lambda f: (-len(f), f))
                        alias[shorter] = longer
                        geo_key[geo.geonames_id] = longer
                    else:
                        geo_key[geo.geonames_id] = form
        self._case_aliases(by_form, alias)
        self._place_designator_aliases(by_form, alias, text)
        self._surname_elsewhere(by_form)
        self._directed_place_aliases(by_form, alias)
        self._cut_names(by_form, alias)
        self._person_aliases(by_form, alias)
        self._org_token_votes(by_form)
        self._org_not_nationality(by_form)
        self._agency_aliases(by_form, alias)
        self._company_short_names(by_form, alias)
        self._common_words(by_form, text)
        self._family_plurals(by_form)
        merged: dict[str, Cluster] = {}
        for form in sorted(by_form, key=lambda f: by_form[f].mentions[0].start):
            target = form
            seen = set()
            while target in alias and target not in seen:
                seen.add(target)
                target = alias[target]
            merged.setdefault(target, Cluster([])).mentions.extend(by_form[form].mentions)
        for cluster in merged.values():
            cluster.mentions.sort(key=lambda m: m.start)
        return sorted(merged.values(), key=lambda c: c.mentions[0].start)

    def _common_words(self, by_form: dict[str, Cluster], text: str) -> None:
        """A one-word name the article also writes in lower case is a word, not a name ("State", "Royal").

        Not a given name, a known organisation or acronym, nor a place the gazetteer knows ("Reading").
        """
        lowered: dict[str, int] = {}
        for word in COMMON_WORD_TEXT.findall(text):
            lowered[word] = lowered.get(word, 0) + 1
        for form, cluster in by_form.items():
            if (
                " " in form
                or not form[:1].isupper()
                or form.isupper()
                or form.lower() not in lowered
                or fold(form) in GIVEN_NAMES
                or org_key(form) in KNOWN_ORG_KEYS
                or form in ACRONYMS
            ):
                continue
            if _leading(cluster) == "place" and self.geocoder.lookup(form) is not None:
                continue
            for m in cluster.mentions:
                m.cast("common_word", NOT_A_NAME, COMMON_WORD_WEIGHT)

    @staticmethod
    def _family_plurals(by_form: dict[str, Cluster]) -> None:
        """A family in the plural, "the Skripals" beside "Sergei Skripal": neither a person nor an organisation.

        Also the plural in "-es" of a surname ending in a hiss ("the Joneses", "the Sanchezes": tenth round).
        """
        surnames = {
            name_tokens(f)[-1] for f, c in by_form.items() if _leading(c) == "person" and len(name_tokens(f)) >= 2
        }
        # the "-es" plural is no other word's ending: a surname the model read once as a person's is enough
        hissing = {name_tokens(f)[-1] for f, c in by_form.items() if len(name_tokens(f)) >= 2 and _model_said_person(c)}
        for form, cluster in by_form.items():
            if " " in form or not form.endswith("s") or org_key(form) in KNOWN_ORG_KEYS:
                continue
            if form[:-1] in surnames or (FAMILY_PLURAL_ES.search(form) and form[:-2] in surnames | hissing):
                for m in cluster.mentions:
                    m.cast("family_plural", NOT_A_NAME, COMMON_WORD_WEIGHT)

    @staticmethod
    def _group_aliases(by_form: dict[str, Cluster], alias: dict[str, str]) -> None:
        """Every form of one armed group or agency joins its fullest form ("ISIS", "Daesh" -> "Islamic State")."""
        found: dict[int, list[str]] = {}  # group index -> its forms in the article, in `by_form` order
        for form in by_form:
            if form not in alias:
                for group in _GROUPS_OF_KEY.get(org_key(form), ()):
                    found.setdefault(group, []).append(form)
        for group in sorted(found):
            present = found[group]
            if len(present) < 2:
                continue
            # a name before a description: "UN refugee agency" names the agency only when nothing else does
            fullest = max(present, key=lambda f: (not described_alias(f), len(f.split()), len(f), f))
            for form in present:
                if form != fullest:
                    alias[form] = fullest

    @staticmethod
    def _initials_aliases(by_form: dict[str, Cluster], alias: dict[str, str]) -> None:
        """An acronym joins the one name in the article whose initials it is ("WHO", "KDE", "AP").

        Initials of the whole name, or of its last three words or more ("Carson City Special Enforcement
        Team" -> "SET"); words such as "of", "the", "&" are skipped, hyphenated words give one letter each.
        """
        acronyms = [f for f in by_form if f not in alias and f.isupper() and f.isalpha() and 2 <= len(f) <= 6]
        if not acronyms:
            return
        initials: dict[str, list[str]] = {}
        for form, cluster in by_form.items():
            if sum(leading_label(m) == "org" for m in cluster.mentions) * 2 <= len(cluster.mentions):
                continue  # initials name organisations; places have the gazetteer's aliases
            words = [w for w in form.replace("-", " ").split() if w.lower() not in INITIALS_SKIP]
            if len(words) < 2 or not all(w[:1].isupper() for w in words):
                continue
            letters = "".join(w[0] for w in words)
            for k in range(len(words), 1, -1):
                if k == len(words) or k >= 3:
                    initials.setdefault(letters[-k:], []).append(form)
        places = {f for f, c in by_form.items() if _leading(c) == "place" and " " in f}
        for acronym in acronyms:
            hosts = sorted(set(initials.get(acronym, ())) - {acronym})
            if len(hosts) == 1:
                alias[acronym] = hosts[0]
                for m in by_form[acronym].mentions:
                    m.cast("initials_of_organisation", "org", 1.5)
            elif not hosts and _leading(by_form[acronym]) == "place":
                # "DRC" beside "Democratic Republic of Congo", a spelling the gazetteer may not know
                named = [f for f in places if _initials(f) == acronym]
                if len(named) == 1:
                    alias[acronym] = named[0]

    @staticmethod
    def _case_aliases(by_form: dict[str, Cluster], alias: dict[str, str]) -> None:
        """One name in two cases is one entity, named as written in running text ("LOS ANGELES" -> "Los Angeles")."""
        by_case: dict[str, list[str]] = {}
        for form in by_form:
            if form not in alias:
                by_case.setdefault(form.casefold(), []).append(form)
        for forms in by_case.values():
            if len(forms) > 1:
                target = max(forms, key=lambda f: (not f.isupper(), sum(ch.isupper() for ch in f) > 0, f))
                for form in forms:
                    if form != target:
                        alias[form] = target

    def _place_designator_aliases(self, by_form: dict[str, Cluster], alias: dict[str, str], text: str) -> None:
        """A place joins the place named by it and a designator ("Colleton" -> "Colleton County", "Gaza Strip").

        Not when the short name is a gazetteer town (Charleston and Charleston County are two places),
        unless the text writes the designator after it in lower case ("the Hampton county line").
        """
        places = {f for f, c in by_form.items() if f not in alias and _leading(c) == "place"}
        for form in places:
            head, _, designator = form.rpartition(" ")
            if designator in PLACE_DESIGNATORS and head in places and head not in alias:
                town = self.geocoder.lookup(head)
                written = " " + designator.lower()
                if (
                    town is None
                    or town.kind != "city"
                    or any(text.startswith(written, m.end) for m in by_form[head].mentions)
                ):
                    alias[head] = form

    def _directed_place_aliases(self, by_form: dict[str, Cluster], alias: dict[str, str]) -> None:
        """A name the model alone read as a person or a body joins the place named by it after a direction word.

        "Eastern Ghouta" ... "when Ghouta was under siege": the short name is the same place. Not a country or a
        region by its own name ("South Sudan" and "Sudan", "West Virginia" and "Virginia" are two places).
        """
        places = {f for f, c in by_form.items() if f not in alias and _leading(c) == "place"}
        for place in places:
            first, _, rest = place.partition(" ")
            if first.lower() not in DIRECTION_WORDS or " " in rest or rest not in by_form or rest in alias:
                continue
            cluster = by_form[rest]
            if _leading(cluster) == "place" or any(r != "spacy_label" for m in cluster.mentions for r, *_ in m.fired):
                continue  # a place already, or a person or body by more evidence than the model's label
            geo = self.geocoder.lookup(rest)
            if geo is not None and geo.kind in ("country", "region", "continent"):
                continue
            alias[rest] = place
            for m in cluster.mentions:
                m.cast("place_after_direction", "place", 1.5)

    def _surname_elsewhere(self, by_form: dict[str, Cluster]) -> None:
        """A name whose surname the article uses alone for a person is a person ("Tashfeen Malik" ... "Malik")."""
        surnames = {f for f, c in by_form.items() if " " not in f and _leading(c) == "person"}
        if not surnames:
            return
        for form, cluster in by_form.items():
            words = form.split()
            if not 2 <= len(words) <= 3 or words[-1] not in surnames or _leading(cluster) == "person":
                continue
            if not looks_like_name(form) or has_org_word(words):
                continue
            if words[0].lower() in DIRECTION_WORDS or (_leading(cluster) == "place" and not _weak_place(cluster)):
                continue  # "Eastern Ghouta", "in the town of X Y": a place by evidence
            if org_key(form) in KNOWN_ORG_KEYS or self.geocoder.lookup(form) is not None:
                continue
            for m in cluster.mentions:
                m.cast("surname_elsewhere", "person", 2.0)

    def _region_named(self, form: str) -> bool:
        """Whether the gazetteer knows `form` by its own name as a country or region."""
        geo = self.geocoder.lookup(form)
        return geo is not None and geo.kind in ("country", "region") and fold(geo.name) == fold(form)

    def _cut_names(self, by_form: dict[str, Cluster], alias: dict[str, str]) -> None:
        """A person's name the model cut short joins the whole name (rule `name_cut_short`).

        "Yoon Suk" beside "Yoon Suk Yeol" (read as a place), "Andrés Manuel" beside "Andrés Manuel López
        Obrador": a name of two words or more, read as a person by the model, that another name of the
        article continues by one or two capitalised words; the longer name, read as a person or (by the
        model) as a place, becomes a person unless it has an organisation's word, is a gazetteer place or
        ends in a generation ("Donald Trump Jr.").
        """
        labels = {f: _leading(c) for f, c in by_form.items()}
        for form, cluster in by_form.items():
            words = form.split()
            if form in alias or len(words) < 2 or labels[form] != "person" or not _model_said_person(cluster):
                continue
            hosts = [
                f
                for f in by_form
                if f.startswith(form + " ")
                and f not in alias
                and labels[f] in ("person", "place")  # "Harlan Freight" of "Harlan Freight Holdings": a company
                and looks_like_name(f)
                and len(f.split()) <= len(words) + 2
                and f.split()[-1].rstrip(".") not in _GENERATIONS
                and not has_org_word(f.split())
                and self.geocoder.lookup(f) is None
            ]
            if not hosts:
                continue
            host = min(hosts, key=len)
            alias[form] = host
            if labels[host] != "person":
                for m in by_form[host].mentions:
                    m.cast("name_cut_short", "person", 1.5)

    def _person_aliases(self, by_form: dict[str, Cluster], alias: dict[str, str]) -> None:
        """Surnames and first names join the full name that contains them ("Putin" -> "Vladimir Putin")."""
        # Summed once per form: a form's votes change below only after its own last read.
        labels = {f: _leading(c) for f, c in by_form.items()}
        people = {f: name_tokens(f) for f in by_form if labels[f] == "person"}
        # Counted in words as written, particles too: "Ben Sasse" is a full name whose surname is "Sasse".
        words = {f: len(_NAME_WORDS.split(f)) for f in people}
        full = sorted((f for f in people if words[f] >= 2), key=lambda f: (-len(people[f]), f))
        for form, cluster in by_form.items():
            label = labels[form]
            if form in alias or label not in ("person", "org", "place"):
                continue
            weak_place = label == "place" and _weak_place(cluster)
            if label == "place" and not weak_place:
                continue  # a place only by the model's label may be a surname ("Grannum"); by evidence, not
            tokens = name_tokens(form)
            if not tokens or len(tokens) >= 3:
                continue
            form_words = len(_NAME_WORDS.split(form))  # split once per form, not once per full name
            hosts = [
                f
                for f in full
                if f != form
                and len(people[f]) >= len(tokens)
                and words[f] > form_words
                and all(t in people[f] for t in tokens)
            ]
            if weak_place and hosts and self._region_named(form):
                # "Egypt" is no surname of "Rethinking Egypt" (a headline read as a person); of "Michael
                # Jordan" it may be: a country or region joins only a person named with a given name
                hosts = [h for h in hosts if fold(name_tokens(h)[0]) in GIVEN_NAMES]
            if not hosts:
                continue
            read_as_person = label == "person" or (weak_place and _model_said_person(cluster))
            rule = "surname_of_person"
            if not read_as_person and not (len(tokens) == 1 and tokens[0] == _surname(people[hosts[0]])):
                if not self._given_name_of(form, cluster, hosts, people, by_form):
                    continue  # an ORG or place mention joins a person only as the bare surname ("Assad")
                rule = "given_name_of_person"
            first = cluster.mentions[0].start
            preceding = [h for h in hosts if by_form[h].mentions[0].start <= first] or hosts
            host = max(
                preceding,
                key=lambda h: (
                    by_form[h].mentions[0].start <= first,
                    len(by_form[h].mentions),
                    -by_form[h].mentions[0].start,
                ),
            )
            alias[form] = host
            for m in cluster.mentions:
                m.cast(rule, "person", 1.5)  # beats the ORG label spaCy often gives a bare surname

    def _given_name_of(
        self,
        form: str,
        cluster: Cluster,
        hosts: list[str],
        people: dict[str, tuple[str, ...]],
        by_form: dict[str, Cluster],
    ) -> bool:
        """Whether a one-word name read as ORG or a place by the model alone is the given name of one person.

        Where people are called by their given name ("Prime Minister Najib Razak" ... "Najib is cheating",
        "Yulia" of "Yulia Skripal" read as GPE):
        one host only, no organisation of the article starts with the word, not a gazetteer place.
        """
        if " " in form or not looks_like_name(form) or form.isupper():
            return False
        if any(
            rule != "spacy_label" or label not in ("org", "place")
            for m in cluster.mentions
            for rule, label, _ in m.fired
        ):
            return False
        owners = {h for h in hosts if people[h][0] == form}
        if len(owners) != 1 or len({people[h] for h in hosts}) != 1:
            return False
        if org_key(form) in KNOWN_ORG_KEYS or self.geocoder.lookup(form) is not None:
            return False
        return not any(f != form and f.split()[0] == form and _leading(c) == "org" for f, c in by_form.items())

    @staticmethod
    def _agency_aliases(by_form: dict[str, Cluster], alias: dict[str, str]) -> None:
        """One organisation under its short and long names.

        "LAPD" / "IMPD" join "Los Angeles police" / "Indianapolis Metropolitan police" (the place's
        initials + "PD"); "Garland police" joins "Garland Police Department"; "Force Investigation
        Division" joins "LAPD Force Investigation Division" (a tail of two or more words).
        """
        orgs = [f for f, c in by_form.items() if _leading(c) == "org" and f not in alias]
        for form in orgs:
            lowered = form.lower()
            for other in orgs:
                if other == form or len(other) <= len(form):
                    continue
                if (
                    AGENCY_SHORT.fullmatch(form)
                    and other.lower().startswith(lowered.removesuffix(" police").removesuffix(" sheriff"))
                    and AGENCY_LONG.search(other)
                ):
                    alias[form] = other
                    break
                if (
                    (len(form.split()) >= 2 or form in INSTITUTION_WORDS)
                    and other.endswith(" " + form)
                    # "European Union" is no short name of "Council of the European Union" (`body_of_body`)
                    and not BODY_OF_BODY_HEAD.search(other[: -len(form) - 1])
                ):
                    alias[form] = other
                    break
            if form in alias or not (form.isupper() and form.endswith("PD") and 3 <= len(form) <= 6):
                continue
            for other in orgs:
                words = [w for w in other.split() if w.lower() not in ("police", "department")]
                if other != form and "".join(w[0] for w in words if w[:1].isupper()) + "PD" == form:
                    alias[form] = other
                    break

    def _org_not_nationality(self, by_form: dict[str, Cluster]) -> None:
        """A name read as ORG once and as NORP elsewhere, not shaped like a nationality nor a place, is an ORG.

        "Facebook users", "a Facebook account": the model's NORP for a company's name before a noun.
        """
        for form, cluster in by_form.items():
            if DEMONYM.match(form) or not looks_like_name(form) or self.geocoder.lookup(form) is not None:
                continue  # "Punjab" as ORG and NORP is the region
            said = {label for m in cluster.mentions for rule, label, _ in m.fired if rule == "spacy_label"}
            if not {"org", "norp"} <= said:
                continue
            for m in cluster.mentions:
                if any(rule == "spacy_label" and label == "norp" for rule, label, _ in m.fired):
                    m.cast("org_not_nationality", "org", 1.0)

    @staticmethod
    def _company_short_names(by_form: dict[str, Cluster], alias: dict[str, str]) -> None:
        """A company named with and without the words that end its name is one organisation.

        "Wedbush" and "Wedbush Securities" join "Wedbush Securities, Inc": the longer name holds the shorter
        one's words, then only company endings (`COMPANY_SUFFIXES`).
        """
        orgs = [f for f, c in by_form.items() if f not in alias and _leading(c) == "org"]
        words = {f: [w.strip(",").lower() for w in f.split() if w.strip(",")] for f in orgs}
        for form in orgs:
            short = words[form]
            hosts = [
                other
                for other in orgs
                if other != form
                and len(words[other]) > len(short)
                and words[other][: len(short)] == short
                and all(w in COMPANY_SUFFIXES for w in words[other][len(short) :])
            ]
            if hosts:
                alias[form] = max(hosts, key=lambda h: (len(words[h]), h))
                for m in by_form[form].mentions:
                    m.cast("company_short_name", "org", 0.5)
                continue
            # "Congress" beside "the Congress party", "Labour" beside "Labour Party": one party
            parties = [other for other in orgs if words[other] == [*short, "party"]]
            if parties:
                alias[form] = parties[0]
                for m in by_form[form].mentions:
                    m.cast("party_short_name", "org", 0.5)

    @staticmethod
    def _org_token_votes(by_form: dict[str, Cluster]) -> None:
        """Vote "org" for a "person" named with a word of an organisation's name.

        Such a name is the organisation's product or outlet ("Figaro Live" beside "Le Figaro").
        """
        org_words: set[str] = set()
        # The names that open an organisation's name ("Sheldon Peck" of "Sheldon Peck Homestead").
        borne: set[str] = set()
        # The first and last words of people's names: "Socorro" or "CFO Sink" read as ORG beside "Socorro
        # Molina" and "Alex Sink" is the person by one name (tenth round), whose word it lends no one; not a
        # word of a longer organisation's name ("Figaro" beside "Le Figaro" and "Figaro Live").
        name_ends = {
            t
            for f, c in by_form.items()
            if len(tokens := name_tokens(f)) >= 2 and _leading(c) == "person"
            for t in (tokens[0], tokens[-1])
        }
        name_ends -= {
            t
            for f, c in by_form.items()
            if " " in f and _leading(c) == "org" and not any(w.isupper() for w in f.split())
            for t in name_tokens(f)
        }
        for form, cluster in by_form.items():
            if all(m.votes.most_common(1)[0][0] == "org" for m in cluster.mentions if m.votes):
                opening = _opening_words(form)
                borne |= opening
                if any(" " in f and f in by_form for f in opening):
                    continue  # "Nadia Moayyad of Southlake": named after a person, whose words it lends no one
                own = [t for t in name_tokens(form) if not t.isupper()]
                if len(own) == 1 and own[0] in name_ends and org_key(form) not in KNOWN_ORG_KEYS:
                    continue
                org_words.update(w for w in name_tokens(form) if w[:1].isupper() and len(w) > 3)
        if not org_words:
            return
        for form, cluster in by_form.items():
            if form in borne:
                continue  # "Sheldon Peck" beside "Sheldon Peck Homestead": the organisation bears the person's name
            for m in cluster.mentions:
                if (
                    m.votes
                    and m.votes.most_common(1)[0][0] == "person"
                    and len(name_tokens(form)) >= 2
                    and any(
                        w in org_words and not (i == 0 and w.lower() in GIVEN_NAMES)
                        for i, w in enumerate(name_tokens(form))
                    )
                    and m.votes["person"] < 2
                ):  # a shared given name ("Helen Cordiner" beside "Helen & Douglas House") says nothing
                    m.cast("word_of_organisation", "org", 1.5)


def _surname(tokens: tuple[str, ...]) -> str:
    """A full name's surname: its last word before a generation ("Comeaux" of "Arcade Joseph Comeaux Jr.")."""
    if len(tokens) >= 3 and tokens[-1].rstrip(".") in _GENERATIONS:
        return tokens[-2]
    return tokens[-1]


#: A surname whose plural takes "-es" ends in s, z, x, ch or sh ("Jones" -> "Joneses").
FAMILY_PLURAL_ES = re.compile(r"(?:s|z|x|ch|sh)es$")


def _opening_words(form: str) -> set[str]:
    """Every run of `form`'s first words short of the whole: "A B C" -> {"A", "A B"} (cut at single spaces)."""
    return {form[:i] for i, ch in enumerate(form) if ch == " "}


def _leading(cluster: Cluster) -> Label:
    """The label of most votes over the cluster's mentions so far ("org" when none).

    What `Votes.most_common(1)` of their sum says (the first of equal weights wins), summed in a plain dict:
    the rules ask it thousands of times per article.
    """
    votes: dict[Label, float] = {}
    for m in cluster.mentions:
        for label, weight in m.votes.items():
            votes[label] = votes.get(label, 0.0) + weight
    return max(votes, key=votes.__getitem__) if votes else "org"


def _weak_place(cluster: Cluster) -> bool:
    """Whether every place vote of the cluster is one of WEAK_PLACE_RULES."""
    return all(rule in WEAK_PLACE_RULES for m in cluster.mentions for rule, label, _ in m.fired if label == "place")


def _model_said_person(cluster: Cluster) -> bool:
    return any(rule == "spacy_label" and label == "person" for m in cluster.mentions for rule, label, _ in m.fired)


def _letters_in_order(acronym: str, word: str) -> bool:
    """Whether the acronym's letters occur in `word` in order ("MoD" in "Ministry"? no; "IS" in "Isis": yes)."""
    rest = iter(word.lower())
    return all(ch in rest for ch in acronym.lower() if ch.isalpha())


def _blend_of(short: str, name: str) -> bool:
    """Whether `short` is a blend of the starts of two or more of the name's words, in order.

    Thirteenth round (issue 19): how armed forces and agencies shorten their names, in brackets after them:
    "United States Southern Command (Southcom)", "U.S. Central Command (CENTCOM)", "Office of Communications
    (Ofcom)". Each piece at least two letters; the first piece starts the short form.
    """
    letters = short.lower()
    if not letters.isalpha() or not 4 <= len(letters) <= 10:
        return False
    words = [w.lower() for w in re.split(r"[\s.-]+", name) if w[:1].isalpha()]

    # memo: (letters left, next word, pieces so far up to 2) -> result; bounds the search on long names (review12)
    seen: dict[tuple[int, int, int], bool] = {}

    def fits(rest: str, start: int, pieces: int) -> bool:
        if not rest:
            return pieces >= 2
        key = (len(rest), start, min(pieces, 2))
        if key not in seen:
            seen[key] = any(
                rest[:n] == words[i][:n] and fits(rest[n:], i + 1, pieces + 1)
                for i in range(start, len(words))
                for n in range(min(len(words[i]), len(rest)), 1, -1)
            )
        return seen[key]

    return fits(letters, 0, 0)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in INITIALS_SKIP)


def _foreign_acronym(acronym: str, name: Candidate, acronym_cluster: Cluster) -> bool:
    """An organisation's name and, in brackets after it, its acronym in another language.

    "Democratic Left Alliance (SLD)", "Kurdistan Workers' Party (PKK)": the brackets define it though the
    letters differ. Both read as organisations, the name of two words or more, the acronym in capitals (not
    a wire credit after a dateline, "Tunis (Reuters)", nor "NEW YORK (CNN)", a place).
    """
    capitals = sum(ch.isupper() for ch in acronym)
    return (
        capitals >= 2
        and sum(ch.islower() for ch in acronym) <= 1
        and len(name.form.split()) >= 2
        and leading_label(name) == "org"
        and _leading(acronym_cluster) == "org"
    )
