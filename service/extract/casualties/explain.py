"""`python -m service extract --explain`: why the casualty figures and totals are what they are.

For one article, as plain text (format documented in `docs/casualties.md`):

- each figure: its index, kind and count, the rule id that made it, its fate in the totals (counted,
  sub-group, background, claim, statistic, hypothetical, illness, superseded, victim) with the reason, its text
  and sentence;
- each number a filter refused, with the filter id;
- each distinct victim with the mentions (and their rule ids) merged into it, and the filter that left it out
  of the totals, if any;
- each total: its value and the figures and victims it was taken from; a total read from the title
  (the body states none of its kind) says so, with the title's figures and their rule ids.
"""

from __future__ import annotations

from service.extract.casualties import CasualtyReport
from service.extract.types import CASUALTY_KINDS

#: Longest sentence printed in full; longer ones are cut around the figure.
_SENTENCE_CHARS = 240


def _sentence(text: str, sentences: tuple[tuple[int, int], ...], start: int, end: int) -> str:
    s0, s1 = next(((a, b) for a, b in sentences if a <= start < b), (start, end))
    if s1 - s0 > _SENTENCE_CHARS:
        s0, s1 = max(s0, start - _SENTENCE_CHARS // 2), min(s1, end + _SENTENCE_CHARS // 2)
    return " ".join(text[s0:s1].split())


def explain(article_id: str, body: str, report: CasualtyReport) -> str:
    """The explanation of `report` (made with `explain=True`) over `body`, as printable text."""
    why = report.explanation
    if why is None:
        raise ValueError("the report was made without explain=True")
    lines = [f"== article {article_id}: {len(report.figures)} figures, {len(report.victims)} victims"]
    for i, f in enumerate(report.figures):
        fate, detail = why.totals.fates.get(i, ("", ""))
        about = why.of_victim.get(i)
        if not fate and about is not None:
            fate, detail = "victim", f"victim {about}"
        elif about is not None:
            detail += f"; victim {about}"
        if not fate:
            fate, detail = "not counted", "its kind's total was taken from elsewhere"
        count = f"{f.count_min}" + (f"-{f.count_max}" if f.count_max not in (None, f.count_min) else "")
        count += "+" if f.count_max is None else ""
        lines.append(f"figure {i}: {f.kind} {count}  rule {why.rules[i]}  -> {fate} ({detail})")
        lines.append(f'    text: "{body[f.start : f.end]}"')
        lines.append(f'    sentence: "{_sentence(body, why.sentences, f.start, f.end)}"')
    for start, end, filter_id in why.counts.dropped:
        lines.append(f'dropped "{body[start:end]}"  by {filter_id}')
        lines.append(f'    sentence: "{_sentence(body, why.sentences, start, end)}"')
    for v, person in enumerate(report.victims):
        who = person.name or (f"{person.age}-year-old " if person.age else "") + (person.noun or "person")
        role = ", perpetrator" if person.perpetrator else ""
        left_out = why.totals.left_out.get(v)
        lines.append(f"victim {v}: {who} ({person.kind}{role})" + (f"  -> left out ({left_out})" if left_out else ""))
        for m in person.mentions:
            lines.append(f'    {m.kind} by {m.rule}: "{body[m.start : m.end]}"')
    for kind in CASUALTY_KINDS:
        total = report.totals.get(kind)
        traced = why.totals.totals.get(kind)
        if total is None:
            lines.append(f"total {kind}: none stated")
            continue
        if kind in report.from_title and report.title is not None:
            title, of_title = report.title
            why_title = (
                f"the title states more than the body's {traced[2]}, rule totals.title_count"
                if traced
                else f"no body sentence states a {kind} figure"
            )
            lines.append(f"total {kind}: {total.count_min} from the title ({why_title})")
            for f, rule in zip(of_title.figures, _rules(of_title), strict=True):
                if f.kind == kind:
                    lines.append(f'    title figure: {f.kind} {f.count_min} rule {rule}: "{title[f.start : f.end]}"')
            continue
        how = traced[2] if traced else f"{total.count_min}"
        victims = f"; victims {', '.join(map(str, traced[1]))}" if traced and traced[1] else ""
        lines.append(f"total {kind}: {how}{victims}")
    return "\n".join(lines) + "\n"


def _rules(report: CasualtyReport) -> tuple[str, ...]:
    """The rule id of each of `report`'s figures ("?" for a report made without explain=True)."""
    return report.explanation.rules if report.explanation is not None else ("?",) * len(report.figures)


__all__ = ["explain"]
