"""Mention finding, label votes and clustering behind `service.extract.entities`.

- `mentions`: candidates from spaCy's spans and the text (trimmed, refined, names spaCy cut or missed);
- `votes`: the label votes of one mention (spaCy's label, context, gazetteer);
- `clustering`: mentions of one real-world entity grouped (acronyms, surnames, agency short names);
- `spans`, `lexicon`: the shared candidate/cluster types and word lists.
"""
