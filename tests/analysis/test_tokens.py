"""The token table the analysis reads holds what spaCy's own tokens say, sentences included."""

from __future__ import annotations

from studyterm.analysis.tokens import TokenTable
from studyterm.model import Episode

# text with what the table's columns must get right: a sentence start after a bracket and a
# quote, hyphen chains, numbers, a URL and an e-mail, a typographic apostrophe, names
_TRICKY = (
    '[Editor\'s note] "Warmly," she said. The 1,700-plus-kilometer cross-border line opened on '
    "Monday in Almaty; see https://example.org or write to desk@example.org. It’s a U-turn.\n\n"
    "Ninety-five people queued. GDP rose 5.2 percent!"
)
# the table's column -> the `Token` attribute it holds
_COLUMNS = {
    "text": "text",
    "lower": "lower_",
    "lemma": "lemma_",
    "tag": "tag_",
    "ent_type": "ent_type_",
    "pos": "pos_",
    "idx": "idx",
    "whitespace": "whitespace_",
    "sent_start": "is_sent_start",
    "is_alpha": "is_alpha",
    "is_lower": "is_lower",
    "is_punct": "is_punct",
    "is_space": "is_space",
    "like_num": "like_num",
    "like_url": "like_url",
    "like_email": "like_email",
}
_YES_NO = {"whitespace", "sent_start"}  # a space or "", True/False/None (unknown): read as bools


def test_table_reads_what_spacy_tokens_say(analyzer, sample_episode: Episode) -> None:  # type: ignore[no-untyped-def]
    texts = [_TRICKY, "", *(s.text for s in sample_episode.segments[:40])]
    for doc in analyzer.nlp.pipe(texts):
        table = TokenTable(doc)
        assert table.n == len(doc)
        for column, attribute in _COLUMNS.items():
            said = [getattr(tok, attribute) for tok in doc]
            assert getattr(table, column) == ([bool(v) for v in said] if column in _YES_NO else said), column
        assert [(r.start, r.stop) for r in table.sentences] == [(s.start, s.end) for s in doc.sents]
        assert all(i in table.sentences[table.sentence[i]] for i in range(len(doc)))
        assert [table.end_char(i) for i in range(len(doc))] == [t.idx + len(t.text) for t in doc]
