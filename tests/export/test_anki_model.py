"""The note type's modification time belongs to its design: Anki replaces a learner's edited
templates or style only when studyterm's copy is newer, so the time must change exactly when the
templates or style do."""

from __future__ import annotations

from studyterm.export import anki_model


def test_the_note_type_time_changes_with_its_templates_and_style() -> None:
    assert anki_model.model_digest() == anki_model.MODEL_DIGEST, (
        "the templates, style or fields changed: set MODEL_DIGEST to "
        f"{anki_model.model_digest()!r} and MODEL_MTIME to the time of the change"
    )
    model = anki_model.model()
    assert model.to_json(2_000_000_000, 1)["mod"] == anki_model.MODEL_MTIME
