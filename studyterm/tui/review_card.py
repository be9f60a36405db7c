"""A review card and a session summary → Textual `Content`: pure functions, no widget or app.

Sentences and glosses are episode and dictionary text, so they go into `Content` literally
(through `render.styled`) and are styled by span, never parsed as markup.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.content import Content

from studyterm.review.answer import Verdict
from studyterm.review.session import Shown, Summary
from studyterm.tui.render import styled

__all__ = ["BLANK", "card_content", "interval_text", "summary_content"]

BLANK = "______"
_RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
_VERDICTS = {
    Verdict.RIGHT: ("✓ Right", "bold $text-success"),
    Verdict.INFLECTED: ("✓ Right (another form of the word)", "bold $text-success"),
    Verdict.CLOSE: ("≈ Close: check the spelling", "bold $text-warning"),
    Verdict.WRONG: ("✗ Not this time", "bold $text-error"),
}
MAX_OTHER_SENTENCES = 3


def interval_text(delta: timedelta) -> str:
    """1m, 10m, 3h, 4d, 2mo, 1.5y: how far away a review is."""
    minutes = max(0.0, delta.total_seconds() / 60)
    if minutes < 59.5:
        return f"{max(1, round(minutes))}m"
    if minutes < 60 * 23.5:
        return f"{round(minutes / 60)}h"
    days = minutes / (60 * 24)
    if days < 30.5:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30.4)}mo"
    return f"{days / 365:.1f}y".replace(".0y", "y")


def _sentence(shown: Shown, blank: bool) -> Content:
    s = shown.sentence
    assert s is not None
    text = s.text
    if blank:
        return styled(
            text[: s.sent_start] + BLANK + text[s.sent_end :],
            [(s.sent_start, s.sent_start + len(BLANK), "bold $accent")],
        )
    return styled(text, [(s.sent_start, s.sent_end, "bold underline $accent")])


def card_content(
    shown: Shown,
    revealed: bool,
    verdict: Verdict | None = None,
    typed: str = "",
    intervals: dict[int, timedelta] | None = None,
) -> Content:
    """The card: the front (the word in its sentence, or the Chinese and the blanked sentence),
    and once revealed the back (senses — this sentence's first —, level, other sentences)."""
    c = shown.content
    production = shown.direction == "production"
    parts: list[Content] = []
    senses = c.senses_for(shown.sentence)
    if production:
        parts.append(Content("Type the English word").stylize("dim"))
        parts.append(styled(senses[0].gloss or "").stylize("bold"))
        if senses[0].definition:
            parts.append(styled(senses[0].definition).stylize("italic"))
        parts.append(Content(""))
        parts.append(_sentence(shown, blank=not revealed))
    else:
        head = styled(c.headword(shown.sentence)).stylize("bold $accent")
        if shown.is_new:
            head = head + Content("  new").stylize("$text-warning")
        elif shown.stage is not None:
            head = head + Content(f"  stage {shown.stage} of 4").stylize("dim")
        else:
            head = head + Content("  known").stylize("$text-success")
        parts.append(head)
        parts.append(Content(""))
        if shown.sentence is not None:
            parts.append(_sentence(shown, blank=False))
        else:
            parts.append(Content("No episode of yours uses it yet.").stylize("dim"))
    if shown.sentence is not None:
        parts.append(Content("— ") + styled(shown.sentence.title).stylize("dim"))
    parts.append(Content(""))
    if production and verdict is not None:
        label, style = _VERDICTS[verdict]
        line = Content(label).stylize(style)
        if verdict is not Verdict.RIGHT:
            line = line + Content("  you typed: ") + styled(typed or "(nothing)")
        parts.append(line)
        parts.append(Content(""))
    if not revealed:
        prompt = "Enter: check" if production else "space: show the meaning"
        parts.append(Content(prompt).stylize("dim"))
        return Content("\n").join(parts)
    if production:
        parts.append(styled(c.headword(shown.sentence)).stylize("bold $accent"))
    else:
        first = senses[0] if senses else None
        parts.append(
            styled(first.gloss or "—").stylize("bold")
            if first
            else Content("No dictionary knows it.").stylize("dim")
        )
        if first and first.definition:
            parts.append(styled(first.definition).stylize("italic"))
    others = [s for s in senses[1:] if s.gloss or s.definition]
    if others:
        parts.append(
            Content("also: ").stylize("dim")
            + styled("；".join(s.gloss or s.definition or "" for s in others[:4]))
        )
    bits = [b for b in (c.pronunciation, c.cefr, c.band) if b]
    if bits:
        parts.append(styled("  ·  ".join(bits)).stylize("dim"))
    other = shown.other_sentences
    if other:
        parts.append(Content(""))
        parts.append(Content(f"Other sentences ({len(other)})").stylize("bold"))
        for s in other[:MAX_OTHER_SENTENCES]:
            parts.append(Content("• ") + styled(s.text, [(s.sent_start, s.sent_end, "bold")]))
        if len(other) > MAX_OTHER_SENTENCES:
            parts.append(Content(f"  … and {len(other) - MAX_OTHER_SENTENCES} more").stylize("dim"))
    parts.append(Content(""))
    buttons = []
    for r, name in _RATING_NAMES.items():
        after = f" {interval_text(intervals[r])}" if intervals and r in intervals else ""
        buttons.append(Content(f" {r} ").stylize("reverse bold") + Content(f" {name}{after}"))
    parts.append(Content("   ").join(buttons))
    return Content("\n").join(parts)


def summary_content(summary: Summary, now: datetime) -> Content:
    """The end of a session: reviewed, again-rate, what became known, the next review."""
    parts = [Content("Session over").stylize("bold $accent"), Content("")]
    if summary.reviewed == 0:
        parts.append(Content("Nothing reviewed."))
    else:
        parts.append(
            Content(
                f"Reviewed   {summary.reviewed}  ({summary.new} new)"
                if summary.new
                else f"Reviewed   {summary.reviewed}"
            )
        )
        parts.append(Content(f"Again      {summary.again}  ({summary.again_rate:.0%})"))
    if summary.became_known:
        parts.append(Content("Now known  ") + styled(", ".join(summary.became_known)))
    if summary.back_to_learning:
        parts.append(Content("Back to learning  ") + styled(", ".join(summary.back_to_learning)))
    if summary.next_due is not None:
        parts.append(
            Content(
                f"Next due   in {interval_text(summary.next_due - now)}"
                f"  ({summary.next_due.astimezone():%a %d %b %H:%M})"
            )
        )
    else:
        parts.append(Content("Next due   nothing scheduled"))
    if summary.due_left:
        parts.append(
            Content(f"Left for later  {summary.due_left} (today's limits or not done; l changes the limits)")
        )
    parts.append(Content(""))
    parts.append(Content("q, Esc or Enter: leave").stylize("dim"))
    return Content("\n").join(parts)
