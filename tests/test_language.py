"""The language gate: which articles are English, what each policy does, and when we do not guess."""

from __future__ import annotations

import json

import pytest

from service.errors import ArticleRejected
from service.events import Article, build_event
from service.language import FLAG_UNSUPPORTED, MIN_LETTERS, LanguageGate, Py3LangidDetector
from tests.support.kafka import WCEP_SECTIONS

FOREIGN = {
    "fr": "Le président de la République a annoncé mardi soir une série de mesures pour soutenir les agriculteurs.",
    "de": "Die Bundesregierung hat am Mittwoch neue Maßnahmen gegen die steigenden Energiepreise beschlossen.",
    "es": "El gobierno español aprobó el martes un nuevo paquete de ayudas para las familias afectadas.",
    "ru": "Президент России заявил во вторник, что правительство выделит дополнительные средства.",
    "ar": "أعلنت الحكومة يوم الثلاثاء عن خطة جديدة لدعم المزارعين المتضررين من الجفاف في جنوب البلاد.",
    "zh": "中国政府周二宣布了一项新的经济刺激计划，以支持受疫情影响的中小企业和个体工商户的发展和就业。",
}


@pytest.fixture(scope="module")
def detector():
    return Py3LangidDetector()


class FixedDetector:
    """A swapped-in detector (the Protocol's point): always answers the same."""

    def __init__(self, code: str, confidence: float) -> None:
        self.answer = (code, confidence)
        self.calls = 0

    def detect(self, text: str) -> tuple[str, float]:
        self.calls += 1
        return self.answer


@pytest.mark.parametrize("code", sorted(FOREIGN))
def test_detector_names_one_sentence_news_in_major_languages(detector, code):
    detected, confidence = detector.detect(FOREIGN[code])
    assert detected == code
    assert confidence >= 0.9


def test_no_english_corpus_article_is_rejected(detector):
    gate = LanguageGate("dead_letter", detector)
    lines = WCEP_SECTIONS.read_text().splitlines()
    for line in lines:
        record = json.loads(line)
        checked = gate.check(Article(id=record["id"], body=record["body"]))
        assert (checked.language, checked.language_flag) == ("en", None), record["body"][:200]


def test_dead_letter_policy_rejects_confident_non_english_with_its_reason(detector):
    with pytest.raises(ArticleRejected) as exc:
        LanguageGate("dead_letter", detector).check(Article(id="a", body=FOREIGN["de"]))
    assert exc.value.reason == "unsupported_language"
    assert "'de'" in exc.value.message


def test_flag_policy_processes_non_english_and_marks_the_event(detector):
    checked = LanguageGate("flag", detector).check(Article(id="a", body=FOREIGN["fr"]))
    assert (checked.language, checked.language_flag) == ("fr", FLAG_UNSUPPORTED)


def test_short_body_keeps_declared_language_and_is_never_dead_lettered():
    detector = FixedDetector("fr", 1.0)
    gate = LanguageGate("dead_letter", detector)
    short = "Il pleut à Paris."
    assert sum(c.isalpha() for c in short) < MIN_LETTERS

    assert gate.check(Article(id="a", body=short)).language == "en"
    declared = gate.check(Article(id="b", body=short, language="FR"))
    assert (declared.language, declared.language_flag) == ("fr", FLAG_UNSUPPORTED)
    assert detector.calls == 0


def test_unconfident_non_english_guess_falls_back_to_the_declared_language():
    gate = LanguageGate("dead_letter", FixedDetector("es", 0.53))
    body = "Venezuelan president Delcy Rodríguez appoints General Gustavo González López as minister."
    assert gate.check(Article(id="a", body=body)).language == "en"


def test_detection_reads_only_the_start_of_a_long_body():
    seen: list[str] = []

    class Recording(FixedDetector):
        def detect(self, text: str) -> tuple[str, float]:
            seen.append(text)
            return super().detect(text)

    LanguageGate("dead_letter", Recording("en", 1.0)).check(Article(id="a", body="word " * 100_000))
    assert len(seen[0]) == 1000


def test_event_carries_detected_language_and_flag():
    from service.extract import Extraction

    article = LanguageGate("flag", FixedDetector("de", 0.99)).check(Article(id="a", body=FOREIGN["de"]))
    event = build_event(
        article,
        Extraction(),
        model="m",
        model_version="1",
        language=article.language or "en",
        language_flag=article.language_flag,
    )
    assert event["language"] == "de"
    assert event["language_flag"] == FLAG_UNSUPPORTED


def test_input_records_cannot_set_the_language_flag():
    assert Article.from_record({"id": "a", "body": "x", "language_flag": "forged"}).language_flag is None
