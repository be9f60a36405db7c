"""Turn an Episode's transcript into vocabulary items (words and phrases) with occurrences.

What is vocabulary: nouns, verbs, adjectives and adverbs (and hyphenated compounds of them, and
phrases). What never is: names (people, places, organisations, nationalities — found by spaCy's
NER and then recognised everywhere they recur), capitalised words mid-sentence, numbers and
measures (*1,700-plus-kilometer* yields *kilometer*), function words, symbols, URLs and e-mails.

The result is level-independent (`Analysis`) and cached by the store; the learner's level is
applied when it is read (`analysis.learner`).
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections import Counter, deque
from collections.abc import Callable, Container, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING

from studyterm.analysis.headlines import HeadlineCase, headline_verbs, is_title_line
from studyterm.analysis.inflect import adjectives_of_adverb
from studyterm.analysis.known import (
    authored_level,
    echoes_expression,
    glossary_pos,
    in_glossary,
    sense_levels,
)
from studyterm.analysis.lemmas import choose_lemma, dictionary_lemmas, gerund_before_particle, is_abbreviation
from studyterm.analysis.levels import CEFR_LEVELS, band_of_rank, difficulty, level_of
from studyterm.analysis.normalize import Normalized, normalize
from studyterm.analysis.phrases import PhraseFinder, opens_with_preposition, phrase_list, phrase_sense_levels
from studyterm.analysis.senses import order_senses, own_words, pick_each
from studyterm.analysis.tokens import TokenTable
from studyterm.model import Analysis, Episode, Occurrence, VocabItem

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["ANALYSIS_VERSION", "NAMES_BAND", "Analyzer", "EpisodePart", "block_ranges"]

# 2: sound notes left out; 3: phrase ranks from CEFR; 4: lemma PhraseMatcher; 5: checked lemmas,
# expressions with gaps and slots, the difficulty model, senses; 6: levels for a CET-6 candidate,
# per-sense levels, compounds under any spelling; 7: phrase senses, passives, participles; 8:
# look-alike expressions left out, reviewed senses; 9: an expression's listed article is any
# determiner, its hyphenated words are found; 12: cue words meet their forms ending in e or a
# doubled letter; 13: no expression where the text only has its words (across a hyphen, on a noun,
# an idiom with words inside it, *for* and a length of time); 14: nor on a noun after its adjective,
# before a named time, inside a longer idiom; contractions as their full form; 15: nor *up to* an
# amount (*faces up to 20 years*), an ordinal inside (*in second place*), a name (*Common Ground*),
# a verb for a listed noun (*said in*), a comparative qualifying what follows, an adjective inside
# a fixed expression that opens with its preposition (*in the mixed zone*), a verb whose particles
# open a longer fixed expression (*came out of the blue*); headings in capitals
# read as words, and a word opening a sentence that NER takes for a one-word name; 16: nor a plural
# subject as a verb (*planning rules in ... are*, a listed term's noun: *power cuts across*), a
# sentence adverbial inside a clause (*want to be sure*), a hedge inside (*become kind of*), a
# fixed expression's adjective that qualifies the noun after it (*in extreme heat*), an article
# left out before a verb (*it's given him*), an idiom opened by a verb's particle with words inside;
# a plural opening a sentence that NER takes for a one-word name (*Speculators had*) read as a word;
# nor an adjective before its noun as a verb (*clear evidence of*), a verb's *up* before *to* and an
# amount (*eats up to 40 kg*), a verb made of an idiom's opening particle (*downed line*), a noun of
# change's preposition (*a dip in confidence*), an idiom's noun in the passive in another number
# (*cuts are made*), a participle qualifying a collocation's noun (*a mounting challenge*); a
# lower-case dictionary word NER puts in an entity read as a word (*to outstrip*, *the provincial*);
# no *bear* expression of *born*, no reflexive one of a noun (*the kid himself*); a hyphenated verb
# found in its forms (*fast-tracked*)
# 17: a headline in title case or capitals is read in sentence case (`analysis.headlines`); an
# idiom's *much* or *far* is not met in *more* or *further*; inflections lemminflect lacks by
# a glossary base (*superheroes*, *wiretapped*), accented spellings by the glossary's (*cafés*),
# a plural the glossary has as a word as itself (*futures*), a base form as itself (*cola*)
# 18-28: a word under the glossary's only part of speech where the tagger read another (*meagre*);
# after *be* a participle is the verb unless its adjective is the easier word (*was prescribed*);
# a noun only met in a short expression opening with a preposition absorbed (*at stake*); phrases:
# *get to sb* needs a person, passives of slot expressions (*brought to a standstill*), the form as
# written wins (*are entitled to*), *n't* expressions, a listed *a* with a plural (*casting their
# ballots*), and false matches reviewers met
# (*caught on camera*, *in office buildings*, *by mile fifteen*, *a land deal*, *make it easier*,
# *no longer face*, *a label that said nothing*)
# 29: a noun in -ing the glossary has is that noun, not a rarer verb's form (*the plumbing*)
# 30: quotes inside an expression (*sold them "down the river"*); false matches before *the past
# year*, of *to* before a verb, of a verb's object's noun (*knocked the share price in*)
# 31: participles after a linking verb and an adverb (*felt utterly shattered*); words that say what
# their only expression says, and participles misread inside their verb's expression, learnt with
# it (*a string of*, *imposing tariffs*); no verb's preposition opening *at least* and the like
# 32: no verb's expression in *buy in bulk*, *too warm to*, *never appeared before.*, *schools run by*
# 33: an object's noun is no particle (*got a final round*), a partitive no slot (*relieve some of*),
# *the* and its noun take no word between in a two-word idiom (*the current crunch*)
# 34: a participle naming the state of a *keep*, *leave*, *find* or *make* object is its adjective
# 35: an -ing form ending its clause after *be* is its adjective when about as hard (*is daunting.*)
# 36: an idiom's last word opens no adjective's expression of its own (*falling short on*)
# 37: a noun after its determiner and adjectives is no verb (*a new EU rule on*), a passive's
# participle with its agent no term's word (*a seed bank run by*)
# 38: *up to a week* is a limit, not a verb's particle
# 39: expressions with a plural's possessive are matched as spaCy splits them (*wits' end*)
# 40: a verb of rising keeps its *up* (*edged up against* is no *up against*)
# 41: a sentence with no cue word takes the sense of the word's other sentences in the text (the
# level follows it), and the stored sense counts keep such occurrences apart
# 42: a particle before a day or *the summer* is the time's preposition (*held on Sunday*)
# 43: a prepositional verb takes no particle before its preposition (*locked away in*)
# 44: an amount's signs fill a slot (*wiped $3.2 billion off*); a reflexive or possessive slot
# matched wins over a plain verb's (*beat themselves up*)
# 45: *at home* and *on its own* are adverbials, not a verb's preposition (*kept at home*)
# 46: a noun after its number heads no verb's expression (*two camps out of three*)
# 47: a bare function word is no form of a cue word (*not* of *notes*, *even* of *evening*)
# 48: a passive without *be* keeps its verb's expression (*want someone held to account*)
# 49: an expression's words between its own pick its sense (*wipe a family out*); a listed
# term is one item with or without its hyphen; a headline's verbs read as nouns are verbs
# (*Peace summit stalls*); *on that approach* is no *on approach*, *deliver on time* no
# *deliver on*, *closes in six weeks* no *close in*
# 50: comparatives lemminflect lacks by the regular suffix (*truer*); ordinals past the tenth are
# numbers; a plural as tagged is the glossary's noun (*upstream dams*); of two lemmas a final *e*
# tells apart, the commoner (*routed*); a degree word only right before its participle; no
# three-part verb's *to* before a verb's base form, no expression found without its article but
# on a noun, no idiom's *be* but the base form, no idiom's *the* and noun met as a plural, no
# *of* and noun owned by what follows, no adjective or *own* of the noun after a slot, no article
# inside a term, no *way* before a comparative; a particle before a place's name or *the summer*
# is the preposition of where or when (*closed in the UK*, *twice over the summer*)
# 51: a cue ending in -ie meets its plural (*selfie*, *selfies*)
# 52: a bare modal is no form of a cue with its stem (*will* of *willing*)
# 53: *news* is no plural of *new* (a cue *news* met every sentence with *new*)
# 54: an idiom's *is* or *are* before its end is any form of *be* (*the writing was on the wall*)
# 55: and its *has* or *had* any form of *have*, its *will* any modal (*heads should roll*)
ANALYSIS_VERSION = "55"
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
# pronouns the tagger sometimes calls nouns (*take care of yourselves* NNS): never vocabulary
_PRONOUNS = frozenset(
    {"myself", "yourself", "himself", "herself", "itself", "ourselves", "yourselves", "themselves"}
    | {"oneself", "yours", "ours", "theirs", "hers"}
)
NAME_LABELS = frozenset(
    {"PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LANGUAGE", "LAW"}
)
NAMES_BAND = "names"
# words inside a hyphenated number-measure that are not the measure: "1,700-plus-kilometer"
_NUMBER_GLUE = frozenset({"plus", "odd", "some", "or", "to", "and"})
# prefixes that make compounds a reader learns as one word (*anti-doping*, *self-reliance*)
_PREFIXES = frozenset(
    {
        "anti",
        "non",
        "pro",
        "pre",
        "post",
        "self",
        "co",
        "ex",
        "multi",
        "inter",
        "cross",
        "well",
        "ill",
        "semi",
        "mid",
        "counter",
        "over",
        "under",
        "out",
        "re",
        "sub",
        "super",
        "ultra",
        "mega",
        "micro",
        "macro",
        "bio",
        "eco",
        "cyber",
        "geo",
        "neo",
        "quasi",
        "pan",
        "trans",
        "de",
        "un",
        "vice",
    }
)
# what may open a sentence-like unit besides a sentence start: "Note: Ordinary words", '"Warmly'
_OPENERS = frozenset({":", '"', "'", "(", "-", "--", ";"})
BLOCK_CHARS = 2000  # timed cues are merged into blocks of about this size for sentence splitting
RECENT_CHARS = 200_000  # the text of the Docs whose tables an analysis keeps at hand (see `_Run`)


@dataclass
class _Block:
    """Consecutive segments analysed as one text (cues are merged so sentences are whole).

    Where each normalised character comes from is kept per piece (one piece a segment), not per
    character: a tuple per character made a 20 MB transcript take gigabytes."""

    norm: str
    segments: range  # the episode's segments the block holds
    starts: list[int]  # where each piece (segment) starts in `norm`
    offsets: list[list[int]]  # each piece's map: normalised offset -> offset in the original

    def where(self, pos: int) -> tuple[int, int]:
        """(segment index, offset in that segment's original text) of normalised character
        `pos`; the space joining two cues belongs to the start of the second."""
        k = bisect_right(self.starts, pos) - 1
        off = pos - self.starts[k]
        if off >= len(self.offsets[k]) - 1:  # the joining space after piece k
            return (self.segments[k + 1], 0)
        return (self.segments[k], self.offsets[k][off])

    @property
    def size(self) -> int:
        """Characters of the original segments the block covers (for progress)."""
        return sum(self.offsets[k][-1] for k in range(len(self.offsets)))


class _Acc:
    """One item's occurrences as they are gathered (tens of thousands are made in an import of
    a few hundred episodes: a plain class with slots, its forms counted in a plain dict)."""

    __slots__ = ("forms", "is_phrase", "known", "lemma", "listed", "occurrences", "outside", "pos", "within")

    def __init__(
        self, lemma: str, pos: str, is_phrase: bool = False, listed: bool = True, known: bool = True
    ) -> None:
        self.lemma = lemma
        self.pos = pos
        self.is_phrase = is_phrase
        self.listed = listed
        self.known = known
        self.outside = 0  # occurrences not inside a listed expression
        self.within: set[str] = set()  # the listed expressions the others are in
        self.forms: dict[str, int] = {}  # form -> count, in the order first met
        self.occurrences: list[Occurrence] = []


# what one doc adds to the items, in the order the analysis met it: (key, is_phrase, flag,
# inside, occurrence, form), flag being `listed` for a phrase and `known` for a word
_Event = tuple[tuple[str, str], bool, bool, "str | None", Occurrence, str]


@dataclass
class _Part:
    """One block's contribution, kept until the episode's names are all known: the names a
    block looked up and did not find (`misses`) may turn out to be names further on, and then
    the block is read again (a word met first where any word is capitalised, as a name later:
    about one block in twenty of the gold news texts, nearly always one of the Docs kept at
    hand, so spaCy seldom runs twice)."""

    segments: range
    events: list[_Event] = field(default_factory=list)
    other: Counter[str] = field(default_factory=Counter)
    misses: set[str] = field(default_factory=set)
    sents: _Sents | None = None  # the Doc's sentences while it is read


@dataclass
class EpisodePart:
    """What reading some of an episode's blocks gives (`Analyzer.read_part`): each block's
    occurrences, counts and the names it looked up in vain, and the names its Docs found.
    Plain data, small to send from one process to another (no Doc)."""

    parts: list[_Part]
    names: set[str]


class _Names:
    """The episode's names so far, remembering each look-up that found nothing and might find
    something later: only a capitalised word can ever be a name (see `_doc_names` and `_Run`),
    so a word in lower case need not be looked up."""

    def __init__(self, names: set[str], misses: set[str]) -> None:
        self.names = names
        self.misses = misses

    def __contains__(self, text: object) -> bool:
        if text in self.names:
            return True
        if isinstance(text, str) and text[:1].isupper():
            self.misses.add(text)
        return False


class _Run:
    """One episode on its way through the analysis: its blocks' parts and its names."""

    def __init__(self, episode: Episode) -> None:
        self.episode = episode
        self.cased = _headline_case(episode)  # its headlines read in sentence case, names found once
        self.names: set[str] = set()
        for person in episode.people:
            self.names.update(w for w in person.replace("-", " ").split() if w[:1].isupper())
        self.parts: list[_Part] = []
        self.blocks = 0  # blocks handed to spaCy so far
        self.fed = False  # every block handed over
        # one string object per distinct sentence and form, however often they recur
        self.texts: dict[str, str] = {}
        self.keys: dict[tuple[str, str], tuple[str, str]] = {}
        self.nums: dict[int, int] = {}
        # the token tables of the last Docs read (by part index), up to RECENT_CHARS: a block
        # read again is most often one of these (a name used again soon), which spares running
        # spaCy on it again (each with its length in characters)
        self.recent: deque[tuple[int, TokenTable, int]] = deque()
        self.recent_chars = 0

    def keep(self, index: int, table: TokenTable, chars: int) -> None:
        self.recent.append((index, table, chars))
        self.recent_chars += chars
        while len(self.recent) > 1 and self.recent_chars > RECENT_CHARS:
            self.recent_chars -= self.recent.popleft()[2]

    @property
    def complete(self) -> bool:
        return self.fed and len(self.parts) == self.blocks

    def share(self, text: str) -> str:
        return self.texts.setdefault(text, text)

    def num(self, n: int) -> int:
        """One int object per value: Python makes a new one for every number over 256, which
        for a million occurrences is a hundred megabytes of copies of a few thousand numbers."""
        return self.nums.setdefault(n, n)

    def key(self, lemma: str, pos: str) -> tuple[str, str]:
        """One (lemma, POS) tuple per item, however many occurrences refer to it."""
        key = (lemma, pos)
        return self.keys.setdefault(key, key)


_SPARSE_THRESHOLD = 50_000  # new objects between collector passes while analysing (Python: 700)


@contextmanager
def _sparse_collection() -> Iterator[None]:
    """Collector passes far apart while the analysis runs: every occurrence it reads is kept (in
    the analysis), so a pass every 700 new objects walked them again and again for nothing, a
    tenth of an import's own time. The command line runs with such passes (`cli.main`); other
    callers of the analysis (the library API, the study app's import) get them here."""
    saved = gc.get_threshold()
    if saved[0] >= _SPARSE_THRESHOLD:
        yield
        return
    gc.set_threshold(_SPARSE_THRESHOLD, *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _make_block(episode: Episode, segments: range, norms: list[Normalized]) -> _Block:
    timed = episode.has_times
    pieces: list[str] = []
    starts: list[int] = []
    at = 0
    for norm in norms:
        if timed and pieces:
            pieces.append(" ")
            at += 1
        starts.append(at)
        pieces.append(norm.text)
        at += len(norm.text)
    return _Block("".join(pieces), segments, starts, [n.offsets for n in norms])


def _table(doc: Doc, episode: Episode, block: _Block) -> TokenTable:
    """The Doc's token table; a plain text's headline with the verbs the tagger read as nouns
    made verbs again (`headlines.headline_verbs`: *Peace summit stalls over guarantees*)."""
    table = TokenTable(doc)
    if not episode.has_times and len(block.segments) == 1 and is_title_line(block.norm):
        for i in headline_verbs(table.tag, table.lower, table.lemma, phrase_list()):
            table.pos[i] = "VERB"
            table.tag[i] = "VBZ" if table.tag[i] == "NNS" else "VBP"
    return table


def _headline_case(episode: Episode) -> HeadlineCase | None:
    """Headlines in sentence case for the analysis (`analysis.headlines`): a plain text's
    paragraphs only (a caption in title case is rare, and cues are no lines of their own)."""
    if episode.has_times:
        return None
    return HeadlineCase((seg.text for seg in episode.segments), episode.people)


def _normalized(text: str, cased: HeadlineCase | None) -> Normalized:
    norm = normalize(text)
    if cased is None:
        return norm
    copy = cased(norm.text)
    return norm if copy == norm.text else replace(norm, text=copy)


def _blocks(episode: Episode, cased: HeadlineCase | None, segments: range | None = None) -> Iterator[_Block]:
    """Plain paragraphs are one block each; timed cues merge until a sentence ends or ~2k chars.
    Made one at a time, as spaCy asks for them. `segments` (starting where a block starts, see
    `block_ranges`) limits them to those segments."""
    timed = episode.has_times
    first = 0
    norms: list[Normalized] = []
    size = 0
    prev_speaker: str | None = None
    for idx in segments if segments is not None else range(len(episode.segments)):
        seg = episode.segments[idx]
        norm = _normalized(seg.text, cased)
        if timed and norms and (seg.speaker != prev_speaker):
            yield _make_block(episode, range(first, idx), norms)
            norms, size = [], 0
        if not norms:
            first = idx
        size += (1 if timed and norms else 0) + len(norm.text)
        norms.append(norm)
        prev_speaker = seg.speaker
        ends_sentence = norm.text.rstrip().endswith((".", "!", "?", '"', "'"))
        if not timed or (ends_sentence and size >= BLOCK_CHARS // 4) or size >= BLOCK_CHARS:
            yield _make_block(episode, range(first, idx + 1), norms)
            norms, size = [], 0
    if norms:
        yield _make_block(episode, range(first, idx + 1), norms)


def block_ranges(episode: Episode) -> list[range]:
    """The segments of each block the analysis reads, in order: where an episode may be cut in
    parts read apart (`Analyzer.read_part`). A plain text's paragraphs are a block each; timed
    cues are normalised to find where their blocks end."""
    if not episode.has_times:
        return [range(k, k + 1) for k in range(len(episode.segments))]
    return [block.segments for block in _blocks(episode, None)]


class Analyzer:
    """Holds the loaded pipeline and phrase matcher; `analyse` an Episode into an Analysis."""

    def __init__(self, nlp: Language, version: str = ANALYSIS_VERSION) -> None:
        self.nlp = nlp
        self.phrases = PhraseFinder(nlp)
        self.version = version

    def analyse(
        self, episode: Episode, batch_size: int = 64, progress: Callable[[int, int], None] | None = None
    ) -> Analysis:
        """The episode's analysis (see `analyse_all`)."""
        return next(iter(self.analyse_all([episode], batch_size, progress=progress)))

    def analyse_all(
        self,
        episodes: Sequence[Episode],
        batch_size: int = 64,
        n_process: int = 1,
        progress: Callable[[int, int], None] | None = None,
        starting: Callable[[int], None] | None = None,
    ) -> Iterator[Analysis]:
        """Each episode's analysis, in order, streamed: the paragraphs of all the episodes go
        through one `nlp.pipe` (with `n_process` processes) and each Doc is read into the items
        as it comes and dropped, so memory holds the items, not the Docs.

        `progress(done, total)` hears the characters analysed so far (of all the episodes) after
        each paragraph; `starting(n)` is told when the n-th episode (0-based) starts."""
        total = sum(len(seg.text) for ep in episodes for seg in ep.segments)
        done = 0
        runs: deque[_Run] = deque()
        pending: deque[tuple[_Run, _Block]] = deque()

        def texts() -> Iterator[str]:
            for n, episode in enumerate(episodes):
                run = _Run(episode)
                runs.append(run)
                if starting is not None:
                    starting(n)
                for block in _blocks(episode, run.cased):
                    run.blocks += 1
                    pending.append((run, block))
                    yield block.norm
                run.fed = True

        docs = self.nlp.pipe(texts(), batch_size=batch_size, n_process=n_process)
        with _sparse_collection():
            for doc in docs:
                run, block = pending.popleft()
                self._read(run, block, doc)
                done += block.size
                if progress is not None:
                    progress(done, total)
                while runs and runs[0].complete:
                    yield self._finish(runs.popleft(), batch_size)
            while runs:  # episodes without a paragraph, after the last Doc
                yield self._finish(runs.popleft(), batch_size)

    def _read(self, run: _Run, block: _Block, doc: Doc) -> None:
        """Take one Doc's names and occurrences into the episode's run."""
        table = _table(doc, run.episode, block)
        run.names.update(_doc_names(doc, table))
        part = _Part(block.segments)
        self._collect(run, block, table, _Names(run.names, part.misses), part)
        run.keep(len(run.parts), table, len(block.norm))
        run.parts.append(part)

    def _finish(self, run: _Run, batch_size: int) -> Analysis:
        """The analysis of an episode all of whose blocks have been read: blocks that missed a
        name found later are read again with every name known (as if the names had been
        gathered first), then every part is taken into the items in the text's order."""
        self._read_again(run, batch_size)
        return self._assemble(run)

    def _read_again(self, run: _Run, batch_size: int, record: bool = False) -> None:
        """Read again, with every name of `run.names`, the parts that missed one of them (from
        the Docs kept at hand, else with spaCy); with `record`, what they miss still is noted
        (the names of other parts of the episode are not known yet)."""
        episode = run.episode
        again = [i for i, part in enumerate(run.parts) if part.misses & run.names]
        if again:
            kept = {i: table for i, table, _ in run.recent}
            blocks = [
                _make_block(
                    episode,
                    run.parts[i].segments,
                    [_normalized(episode.segments[k].text, run.cased) for k in run.parts[i].segments],
                )
                for i in again
            ]
            docs = self.nlp.pipe(
                (b.norm for i, b in zip(again, blocks, strict=True) if i not in kept), batch_size=batch_size
            )
            for i, block in zip(again, blocks, strict=True):
                table = kept[i] if i in kept else _table(next(docs), episode, block)
                part = _Part(block.segments)
                self._collect(
                    run, block, table, _Names(run.names, part.misses) if record else run.names, part
                )
                run.parts[i] = part
        run.recent.clear()

    # -- an episode read in parts, in other processes (`analysis.workers`) --------------------

    def read_part(
        self,
        episode: Episode,
        segments: range,
        batch_size: int = 64,
        progress: Callable[[int], None] | None = None,
    ) -> EpisodePart:
        """Read the blocks of `segments` (whole blocks: see `block_ranges`) of an episode, for
        `merge_parts` to make the episode's analysis with its other parts. The names the part's
        Docs found are known and its blocks read with them; what the other parts find is
        applied when they are merged. `progress(characters)` hears each block read."""
        run = _Run(episode)
        blocks: deque[_Block] = deque()

        def texts() -> Iterator[str]:
            for block in _blocks(episode, run.cased, segments):
                blocks.append(block)
                yield block.norm

        for doc in self.nlp.pipe(texts(), batch_size=batch_size):
            block = blocks.popleft()
            self._read(run, block, doc)
            if progress is not None:
                progress(block.size)
        self._read_again(run, batch_size, record=True)
        return EpisodePart(run.parts, run.names)

    def merge_parts(self, episode: Episode, parts: Sequence[EpisodePart], batch_size: int = 64) -> Analysis:
        """The analysis of an episode read in `parts` (`read_part`, in the text's order): the
        one `analyse` gives. The blocks that missed a name another part found are read again.
        The parts are used up: each block's events are freed as its items take them in, so a
        long episode's events and its items are not all held at once."""
        run = _Run(episode)
        for part in parts:
            run.names |= part.names
            run.parts.extend(part.parts)
            part.parts.clear()
        self._read_again(run, batch_size)
        return self._assemble(run)

    def _assemble(self, run: _Run) -> Analysis:
        """Every part of an episode taken into its items, in the text's order."""
        episode = run.episode
        accs: dict[tuple[str, str], _Acc] = {}
        other: Counter[str] = Counter()
        for n, part in enumerate(run.parts):
            for key, is_phrase, flag, inside, occ, form in part.events:
                acc = accs.get(key)
                if acc is None:
                    acc = accs[key] = (
                        _Acc(key[0], key[1], is_phrase=True, listed=flag)
                        if is_phrase
                        else _Acc(key[0], key[1], known=flag)
                    )
                if inside is None:
                    acc.outside += 1
                else:
                    acc.within.add(inside)
                forms = acc.forms
                forms[form] = forms.get(form, 0) + 1
                acc.occurrences.append(occ)
            other.update(part.other)
            run.parts[n] = _Part(part.segments)  # its events are in the items now
        merged = list(_merge_spellings(_merge_pos(accs)).values())
        items = [self._item(acc) for acc in merged]
        _terms_as_hard_as_their_words(items, merged)
        items.sort(key=lambda it: it.first_position)
        tokens = sum(it.count for it in items if not it.is_phrase) + sum(other.values())
        return Analysis(
            content_hash=episode.content_hash,
            version=self.version,
            tokens=tokens,
            items=items,
            other_bands=dict(other),
        )

    # -- per block --------------------------------------------------------------------------

    def _collect(self, run: _Run, block: _Block, t: TokenTable, names: Container[str], out: _Part) -> None:
        other = out.other
        # an expression is kept inside a name when every word of it is a common word
        # (*Inner Mongolia Autonomous Region*, *the Intangible Cultural Heritage of Humanity*,
        # but not *Shanghai Cooperation Organization*)
        matches = [
            m
            for m in self.phrases.find_in(t)
            if (m.listed and all(_common_word(t, i) for i in m.words))
            or not any(_is_name(t, i, names) for i in m.words if t.is_alpha[i])
            or (m.listed and _named_after(t, m.words))
        ]
        in_listed = {i: m.lemma for m in matches if m.listed for i in m.words}
        consumed = self._compounds(run, block, t, names, out, in_listed)
        text, lower, pos = t.text, t.lower, t.pos
        kinds = _KINDS
        for i in range(t.n):
            if i in consumed:
                continue
            kind = kinds.get(text[i])
            if kind is None:
                kind = kinds[text[i]] = _kind(t, i)
            if kind is not _WORD:
                if kind is _NUMBER:
                    other[NAMES_BAND] += 1
            elif _is_name(t, i, names):
                if (
                    _opens(t, i)
                    and t.ent_type[i] not in NAME_LABELS
                    and text[i] not in names
                    and in_glossary(lower[i])
                ):
                    self._add_word(run, block, t, i, out, in_listed.get(i))
                else:
                    other[NAMES_BAND] += 1
            elif (pos[i] in CONTENT_POS or pos[i] == "PROPN") and t.is_alpha[i] and lower[i] not in _PRONOUNS:
                self._add_word(run, block, t, i, out, in_listed.get(i))
            else:
                other[level_of(lower[i], pos[i]).band] += 1  # function words
        for match in matches:
            self._add_phrase(
                run,
                block,
                t,
                match.lemma,
                match.listed,
                match.start,
                t.idx[match.start],
                t.end_char(match.end - 1),
                out,
            )
        out.sents = None  # the Doc goes: its sentences with it

    def _compounds(
        self,
        run: _Run,
        block: _Block,
        t: TokenTable,
        names: Container[str],
        out: _Part,
        in_listed: dict[int, str],
    ) -> set[int]:
        """Take the Doc's hyphen chains (*cross-border*, *1,700-plus-kilometer*) into the part;
        the tokens they consumed."""
        other = out.other
        consumed: set[int] = set()
        for chain in _hyphen_chains(t):
            parts = [i for i in chain if t.text[i] != "-"]
            listed = _listed_compound(t, parts)
            if listed is not None:  # *one-off*, *U-turn*, *play-off*: an entry, whatever its parts
                consumed.update(chain)
                if " " in listed:  # on the phrase list (*class action*)
                    self._add_phrase(
                        run, block, t, listed, True, chain[0], t.idx[chain[0]], t.end_char(chain[-1]), out
                    )
                else:
                    self._add_span(
                        run, block, t, chain, listed, _compound_pos(t, chain, listed), out, in_listed
                    )
                continue
            if any(_is_name(t, i, names) for i in parts):
                consumed.update(chain)
                other[NAMES_BAND] += len(parts)
                continue
            if any(t.like_num[i] or not t.is_alpha[i] for i in parts):
                consumed.update(chain)
                for i in parts:
                    if (
                        t.is_alpha[i]
                        and t.lower[i] not in _NUMBER_GLUE
                        and t.pos[i] in CONTENT_POS
                        and not is_abbreviation(t.text[i])
                        and not _ORDINAL.fullmatch(t.lower[i])  # *one-thirtieth*
                    ):
                        self._add_word(run, block, t, i, out, in_listed.get(i))
                    else:
                        other[NAMES_BAND] += 1
                continue
            if t.lower[parts[0]] not in _PREFIXES:
                continue  # an ad-hoc join (*large-predator*): its parts count on their own
            pos = _compound_pos(t, chain, None)
            head = t.lemma[parts[-1]].lower() if pos == "NOUN" else t.lower[parts[-1]]
            consumed.update(chain)
            lemma = "-".join([t.lower[i] for i in parts[:-1]] + [head])
            self._add_span(run, block, t, chain, lemma, pos, out, in_listed)
        return consumed

    def _add_phrase(
        self,
        run: _Run,
        block: _Block,
        t: TokenTable,
        lemma: str,
        listed: bool,
        first: int,
        start: int,
        end: int,
        out: _Part,
    ) -> None:
        occ, form = self._occur(run, block, t, out, first, start, end)
        out.events.append((run.key(lemma, "PHRASE"), True, listed, None, occ, form))

    def _add_span(
        self,
        run: _Run,
        block: _Block,
        t: TokenTable,
        chain: list[int],
        lemma: str,
        pos: str,
        out: _Part,
        in_listed: dict[int, str],
    ) -> None:
        start, end = t.idx[chain[0]], t.end_char(chain[-1])
        # a compound that is part of a listed expression (*double-edged* in *a double-edged sword*)
        keys = {in_listed.get(i) for i in chain}
        inside = keys.pop() if len(keys) == 1 else None
        self._add(run, block, t, lemma, pos, chain[0], start, end, out, inside=inside)

    def _add_word(
        self, run: _Run, block: _Block, t: TokenTable, i: int, out: _Part, inside: str | None
    ) -> None:
        pos = tagged = t.pos[i]
        lower = t.lower[i]
        tag = t.tag[i]
        if pos not in CONTENT_POS:  # a capitalised ordinary word read as a name
            pos = next((p for p in ("NOUN", "ADJ", "VERB", "ADV") if in_glossary(lower, p)), "NOUN")
        elif (
            pos == "VERB"
            and tag in ("VBN", "VBG")
            and in_glossary(lower, "ADJ")
            and _participle_as_adjective(t, i)
        ):
            pos = "ADJ"  # "a crowded room", "it felt cramped"
        if gerund_before_particle(tagged, lower, t.tag[i + 1] if i + 1 < t.n else ""):
            pos, tag = "VERB", "VBG"  # *teaming up*
        lem = choose_lemma(t.text[i], pos, t.lemma[i], tag)
        pos = _glossary_pos_of(lem.lemma, lem.pos)
        start = t.idx[i]
        self._add(
            run,
            block,
            t,
            lem.lemma,
            pos,
            i,
            start,
            start + len(t.text[i]),
            out,
            inside=inside,
            known=lem.known,
        )

    def _add(
        self,
        run: _Run,
        block: _Block,
        t: TokenTable,
        lemma: str,
        pos: str,
        first: int,
        start: int,
        end: int,
        out: _Part,
        inside: str | None,
        known: bool = True,
    ) -> None:
        occ, form = self._occur(run, block, t, out, first, start, end)
        out.events.append((run.key(lemma, pos), False, known, inside, occ, form))

    def _occur(
        self, run: _Run, block: _Block, t: TokenTable, out: _Part, first: int, start: int, end: int
    ) -> tuple[Occurrence, str]:
        """The occurrence of the characters [start, end) of the block, whose first token is
        `first`."""
        episode = run.episode
        seg, s_off = where = block.where(start)
        e_seg, e_last = last = block.where(end - 1)
        if e_seg != seg:  # a phrase split across two cues: mark up to the end of the first
            e_last = len(episode.segments[seg].text) - 1
        sents = out.sents
        if sents is None:
            sents = out.sents = _Sents(t)
        sentence, (rel_start, rel_end) = _sentence_text(episode, block, sents, t.sentence[first], where, last)
        share = run.texts.setdefault
        form = episode.segments[seg].text[s_off : e_last + 1].lower()
        num = run.nums.setdefault
        occ = Occurrence(
            num(seg, seg),
            num(s_off, s_off),
            num(e_last + 1, e_last + 1),
            share(sentence, sentence),
            num(rel_start, rel_start),
            num(rel_end, rel_end),
        )
        return occ, share(form, form)

    @staticmethod
    def _item(acc: _Acc) -> VocabItem:
        # commonest first, ties in the order met (as `Counter.most_common`)
        forms = [f for f, _ in sorted(acc.forms.items(), key=itemgetter(1), reverse=True)]
        if acc.is_phrase:
            listed = phrase_list().get(acc.lemma) if acc.listed else None
            authored = listed.level if listed else None
            if listed is not None:
                # the senses met decide (*demand picked up*: 回升, C1; *pick up the phone*: A2)
                authored = _level_in_sense(acc, phrase_sense_levels(acc.lemma)) or authored
            # a phrasal verb not on the list: its level is unknown, not its verb's
            diff = difficulty(None, None, authored or "C1", "phrase list" if authored else "unlisted phrase")
            rank, zipf, band = None, 0.0, "phrase"
            cefr, source = diff.cefr, diff.source
        else:
            rank, zipf, band, listed_level, authored = _word_sources(acc.lemma, acc.pos)
            compound = "-" in acc.lemma
            in_sense = _level_in_sense(acc, sense_levels(acc.lemma, acc.pos))
            if in_sense is not None:
                # the senses met decide (*the bill passed the Senate*: 法案, C1; *the electricity
                # bill*: 账单, A2)
                authored = in_sense
            diff = difficulty(rank, listed_level, authored)
            cefr, source = diff.cefr, diff.source
            if compound:
                band = band_of_rank(diff.rank)
        return VocabItem.made(
            lemma=acc.lemma,
            pos=acc.pos,
            forms=forms,
            count=len(acc.occurrences),
            rank=rank,
            zipf=zipf,
            band=band,
            cefr=cefr,
            cefr_source=source,
            occurrences=acc.occurrences,
            is_phrase=acc.is_phrase,
            gloss=None,
            definition=None,
            pronunciation=None,
            tags=[],
            senses=[],
            difficulty=diff.rank,
            # a tagger-found phrasal verb not on our list has no gloss and no level of its own:
            # mostly a verb with a plain adverb (*push on*), so it is counted, not listed
            suspect=not acc.known or (acc.is_phrase and not acc.listed),
            inside_phrase=not acc.is_phrase and acc.outside == 0 and _absorbed(acc.lemma, cefr, acc.within),
        )


def _glossary_pos_of(lemma: str, pos: str) -> str:
    """The part of speech to list a word under: the tagger's, unless the glossary has the word
    under one other part of speech only (*meagre* or *acrid* read as nouns, *ritual* or
    *whitefish* as adjectives, *fluctuate* as a noun): the tagger's slip, whose gloss and level
    are that entry's anyway."""
    if in_glossary(lemma, pos):
        return pos
    others = glossary_pos(lemma)
    return others[0] if len(others) == 1 and others[0] in CONTENT_POS else pos


def _word_sources(lemma: str, pos: str) -> tuple[int | None, float, str, str | None, str | None]:
    """What a word's difficulty is made of, before its senses: family rank, Zipf, band,
    cefrpy's level and the glossary's."""
    lv = level_of(lemma, pos)
    rank, zipf = lv.rank, lv.zipf
    compound = "-" in lemma
    if compound:
        # wordfreq has no figure for a compound as a whole (it estimates one from the parts,
        # which ranks *hands-on* with *hands*): its level comes from the glossary
        rank, zipf = None, 0.0
    listed_level = lv.cefr if lv.cefr_source == "cefrpy" else None
    authored = _authored(lemma, pos)
    prefix, _, rest = lemma.partition("-")
    if compound and authored is None and prefix in _PREFIXES and "-" not in rest:
        # a prefix compound no list has (*non-urgent*, *post-race*): as hard as its base
        base = level_of(rest, pos)
        authored = _authored(rest, pos)
        rank = base.rank
        listed_level = base.cefr if base.cefr_source == "cefrpy" else None
    return rank, zipf, lv.band, listed_level, authored


def _level_in_sense(acc: _Acc, senses: tuple[tuple[frozenset[str], str | None], ...]) -> str | None:
    """The level of the sense most of this item's occurrences have (the sense every view shows
    first, `senses.order_senses`), when the entry's senses (glossary or phrase list) differ in
    level; None otherwise."""
    if not senses:
        return None
    picked = list(pick_each([c for c, _ in senses], acc.occurrences, own_words(acc.lemma, acc.is_phrase)))
    level = senses[order_senses(len(senses), picked)[0]][1]
    return level if level in CEFR_LEVELS else None


_IDIOMATIC = frozenset({"phrasal", "prepositional", "phrasal-prepositional", "idiom"})
_ABSORBING = _IDIOMATIC | {"compound"}


def _terms_as_hard_as_their_words(items: list[VocabItem], accs: list[_Acc]) -> None:
    """A listed compound is at least as hard as the hardest word met inside it: a learner who
    does not know *renewable* or *provincial* does not know *renewable energy* or *provincial
    capital*, whatever level the term has as a unit. `items` are made from `accs`, in order."""
    terms = {it.lemma: it for it in items if it.is_phrase}
    for item, acc in zip(items, accs, strict=True):
        if item.is_phrase:
            continue
        for key in acc.within:
            term = terms.get(key)
            listed = phrase_list().get(key)
            if term is None or listed is None or listed.kind != "compound":
                continue
            level = _plain_level(item)
            if CEFR_LEVELS.index(level) > CEFR_LEVELS.index(term.cefr):
                term.cefr = level
                term.difficulty = difficulty(None, None, level, "phrase list").rank


def _plain_level(item: VocabItem) -> str:
    """A word's level without its senses: the sense a word has inside a term is the term's, not
    the one its other occurrences raised it to (*a new development* 新情况, C1, does not make
    *development strategy* C1)."""
    rank, _, _, listed, authored = _word_sources(item.lemma, item.pos)
    plain = difficulty(rank, listed, authored).cefr
    return min(plain, item.cefr, key=CEFR_LEVELS.index)


def _absorbed(lemma: str, level: str, expressions: set[str]) -> bool:
    """Whether a word met only inside these listed expressions is learnt with them, and so not
    listed on its own. In a phrasal verb or idiom always: the word carries no sense of its own
    there (*embark* in *embark on*); in a compound always too: the term is at least as hard as
    its words (`_terms_as_hard_as_their_words`), and a teacher lists *renewable energy*, not
    *renewable* beside it; in a fixed expression when the word is harder than the expression
    (*accord* in *according to*), and in one of four words at most opening with a preposition
    always (*line* in *in line with*, *stake* in *at stake*). In a collocation or other
    expression only a word no harder than the expression that lives in that expression alone
    (rare on its own: *weal* in *weal and woe*), because their hard words are words to learn in
    their own right (*multilateralism* in *uphold multilateralism*, *revitalization* in
    *development and revitalization*); but always a word with a sense that says what the
    expression says (*string* 一连串 in *a string of*: `echoes_expression`)."""
    step = CEFR_LEVELS.index(level)
    for key in expressions:
        listed = phrase_list().get(key)
        if listed is None:
            return False
        phrase_step = CEFR_LEVELS.index(listed.level or "C1")
        if (
            listed.kind in _ABSORBING
            or opens_with_preposition(key)
            or (listed.kind == "expression" and step > phrase_step)
            or _its_verbs_participle(lemma, key)
            or echoes_expression(lemma, key)
        ):
            continue
        if step > phrase_step or in_glossary(lemma):
            return False
    return True


def _its_verbs_participle(lemma: str, key: str) -> bool:
    """Whether `lemma` is a participle read as an adjective of a verb the expression holds: the
    expression found its verb there (*imposing* in *impose tariff*: *accused him of imposing
    tariffs*), so the adjective is a misreading, not a word met beside it."""
    if not lemma.endswith(("ing", "ed")):
        return False
    words = key.split()
    return lemma not in words and any(verb in words for verb in dictionary_lemmas(lemma).get("VERB", ()))


def _authored(lemma: str, pos: str) -> str | None:
    """The glossary's level, also for an -ly adverb from its adjective (*warmly* from *warm*), and
    for a word the glossary has under another part of speech only (*people queued*: the noun
    *queue*, A2; *read aloud* tagged ADJ: the adverb, B1): the learner knows the word."""
    level = authored_level(lemma, pos)
    if level is None and pos == "ADV" and lemma.endswith("ly"):
        for adj in adjectives_of_adverb(lemma):
            level = authored_level(adj, "ADJ")
            if level is not None:
                break
    if level is None:
        # the tagger's part of speech differs from the glossary's (*read aloud* as ADJ), or
        # English turned the noun into a verb (*people queued*): the learner knows the word
        level = _earliest_level(lemma)
    return level


def _earliest_level(word: str) -> str | None:
    """The earliest level the glossary gives the word under any part of speech."""
    levels = [lv for p in glossary_pos(word) if (lv := authored_level(word, p))]
    return min(levels, key=CEFR_LEVELS.index) if levels else None


def _opens(t: TokenTable, i: int) -> bool:
    """A token in a position where any word is capitalised: a sentence start, or after a colon,
    a quotation mark or a bracket."""
    if t.sent_start[i]:
        return True
    return i > 0 and t.text[i - 1] in _OPENERS


def _capitalised_by_place(t: TokenTable, i: int) -> bool:
    """An ordinary word the glossary has, outside any entity, capitalised only because it
    stands where any word is (`_opens`): the tagger may still call it a proper noun."""
    return _opens(t, i) and not t.ent_type[i] and in_glossary(t.lower[i])


def _word_opening(t: TokenTable, i: int) -> bool:
    """A word the glossary has, capitalised where any word is (`_opens`) and followed by a word
    in lower case: the small model takes some such words for a one-word name (*Yak meat...* a
    person, *Topsoil removed...* an organisation). Such a word is a name only where the episode
    has it as one elsewhere (*Hunt said* after *Jeremy Hunt*). A plural counts by its lemma
    (*Speculators had slashed...*), or by a comma and such a word (*Turnout, at 68 per cent,*)."""
    if not (_opens(t, i) and (in_glossary(t.lower[i]) or in_glossary(t.lemma[i].lower()))):
        return False
    k = i + 1
    if k + 1 < t.n and t.text[k] == ",":
        k += 1  # a comma between (*Turnout, at 68 per cent, was...*)
    return k < t.n and t.is_alpha[k] and t.text[k][:1].islower()


def _lone_entity(t: TokenTable, i: int) -> bool:
    """Whether token i is an entity on its own (no token of the same entity type beside it)."""
    kind = t.ent_type[i]
    return (i == 0 or t.ent_type[i - 1] != kind) and (i + 1 >= t.n or t.ent_type[i + 1] != kind)


def _merge_pos(accs: dict[tuple[str, str], _Acc]) -> dict[tuple[str, str], _Acc]:
    """One item per word: the tagger's odd reading of a word as another part of speech (*uphold*
    as a noun once) is merged into the part of speech most of its occurrences have."""
    by_lemma: dict[str, list[_Acc]] = {}
    for acc in accs.values():
        if not acc.is_phrase:
            by_lemma.setdefault(acc.lemma, []).append(acc)
    out = {k: a for k, a in accs.items() if a.is_phrase}
    for group in by_lemma.values():
        group.sort(key=lambda a: (-len(a.occurrences), not in_glossary(a.lemma, a.pos)))
        main = group[0]
        _fold(main, group[1:])
        out[(main.lemma, main.pos)] = main
    return out


def _fold(main: _Acc, others: list[_Acc]) -> None:
    """Take the occurrences and forms of `others` into `main`, the item they are one with."""
    forms = main.forms
    for other in others:
        for form, n in other.forms.items():
            forms[form] = forms.get(form, 0) + n
        main.occurrences.extend(other.occurrences)
        main.outside += other.outside
        main.within |= other.within
        main.known = main.known or other.known
    main.occurrences.sort(key=lambda o: (o.segment, o.start))


def _merge_spellings(accs: dict[tuple[str, str], _Acc]) -> dict[tuple[str, str], _Acc]:
    """One item per term, however the text spells it: a listed compound met both with its
    hyphen, as the glossary's noun, and without (*the stress-test results* … *the stress test*)
    is the item of the spelling met more often (the first met on a tie). The glossary's verb
    (*to stress-test a bank*) and adjective (*high-pressure*, not *high pressure*) stay apart."""
    for key, acc in list(accs.items()):
        if not acc.is_phrase or not acc.listed or " " not in acc.lemma:
            continue
        word = accs.get((acc.lemma.replace(" ", "-"), "NOUN"))
        listed = phrase_list().get(acc.lemma)
        if word is None or listed is None or listed.kind != "compound":
            continue
        pair = sorted(
            (acc, word), key=lambda a: (-len(a.occurrences), a.occurrences[0].segment, a.occurrences[0].start)
        )
        main, other = pair
        _fold(main, [other])
        del accs[key if other is acc else (word.lemma, word.pos)]
    return accs


# degree words: a participle right after one is an adjective (*so crowded*), as after a linking verb
_DEGREE = frozenset({"very", "so", "too", "more", "most", "less"})
_LINKING = (
    frozenset({"be", "feel", "seem", "look", "become", "get", "remain", "stay", "appear", "leave"}) | _DEGREE
)


def _participle_as_adjective(t: TokenTable, i: int) -> bool:
    """Whether the participle at i with an adjective entry is used as that adjective: before a
    noun (*a crowded room*, but not *had studied animation* or *a lawsuit accusing pharmacies*),
    after a determiner, or after a linking verb or degree word (*it felt cramped*), but not a
    progressive (*is becoming routine*), a passive with its agent (*was studied by experts*) or
    a passive of an everyday verb (*the money was spent*)."""
    prev = i - 1 if i > 0 else None
    nxt = i + 1 if i + 1 < t.n else None
    if t.tag[i] == "VBN" and nxt is not None and t.lower[nxt] == "by" and not t.sent_start[nxt]:
        return False  # a passive and its agent: *fees charged by platforms*, *those hit by floods*
    if prev is not None and t.pos[prev] == "DET":
        return True
    if (
        nxt is not None
        and t.tag[nxt] == "JJ"  # not *more* or *most*: *rather than pouring more money into*
        and nxt + 1 < t.n
        and t.pos[nxt + 1] == "NOUN"
        and prev is not None
        and t.pos[prev] in ("DET", "ADP", "PART")
    ):
        # an adjective between, after a determiner or a preposition: *the loss of cherished local
        # landmarks*, *the country's overstretched northern harbours* (not *including imposing
        # new fees*, *"learned hard lessons"*)
        nxt += 1
    if nxt is not None and t.pos[nxt] == "NOUN":
        coordinated = prev is not None and (
            t.pos[prev] == "ADJ" or _after_an_adjective_and(t, prev) or _modifiers_after_determiner(t, prev)
        )
        if t.tag[i] == "VBG" and not coordinated and (_adjective_over_verb(t, i) or 0) >= 2:
            # an everyday verb's -ing form with a noun after it and no determiner before is the
            # verb and its object (*controlling blood pressure*, *just punishing riders*, *by
            # cutting costs*), not its far harder adjective (控制欲强的, 折磨人的, 尖刻的); an
            # adjective as hard as its verb stays one (*mounting pressure*, *sweeping powers*),
            # as does one beside another adjective (*a fast, attacking style*)
            return False
        k = i - 1  # adverbs between are no subject or auxiliary: *had also drawn criticism*
        while k >= 0 and t.pos[k] == "ADV" and not t.sent_start[k + 1]:
            k -= 1
        if k >= 0 and not t.sent_start[k + 1] and t.pos[k] == "VERB" and t.tag[i] == "VBG":
            # after a verb, an -ing form with a noun is its object's adjective where the adjective
            # is at most a level harder than its verb (*faces mounting pressure*, *endured
            # sweltering heat*); after a verb that takes an -ing form it is that verb and its
            # object (*keep pouring money into*, *began diverting vessels*), as is an everyday
            # verb's, as above (*started cutting costs*)
            if t.lemma[k] in _TAKES_ING:
                return False
            gap = _adjective_over_verb(t, i)
            return gap is not None and gap <= 1
        return k < 0 or t.sent_start[k + 1] or t.pos[k] not in ("NOUN", "PROPN", "PRON", "AUX", "VERB")
    if t.tag[i] == "VBN" and prev is not None and _object_of_a_state_verb(t, prev):
        return True  # the object's state: *keeps them grounded*, *left investors stunned*
    while (
        prev is not None
        and t.pos[prev] == "ADV"
        and (t.lemma[prev] not in _LINKING or (t.lemma[prev] in _DEGREE and prev != i - 1))
    ):
        # an adverb between: *felt utterly shattered*, *remained deeply divided*; a degree word
        # is one only right before the participle (*so crowded*, but *have so far stalled*)
        prev = prev - 1 if prev > 0 and not t.sent_start[prev] else None
    if prev is None or t.lemma[prev] not in _LINKING:
        return False
    if t.lemma[prev] in ("be", "get"):
        if t.tag[i] == "VBG":
            # a progressive, unless nothing follows in its clause and the adjective is as hard as
            # its verb or one level harder: *the task is daunting.* is 令人生畏的, *the contrast is
            # striking.* 显著的 (*is becoming routine*, *prices are rising.* stay verbs, as do an
            # everyday verb's: *we are managing.*, *still sitting,*)
            ends = nxt is None or t.is_punct[nxt] or t.pos[nxt] == "CCONJ"
            gap = _adjective_over_verb(t, i)
            return ends and gap is not None and 0 <= gap < 2 and t.lemma[prev] == "be"
        if nxt is not None and t.lower[nxt] == "by":
            return False
        # *was crowded* is the adjective, *was spent* / *was removed* the passive: after *be*
        # the adjective reading needs an entry no later than the verb (*spent* 用过的 is C1,
        # *spend* A1: a passive of the everyday verb)
        gap = _adjective_over_verb(t, i)
        return gap is None or gap < 0
    return True


# verbs that take another verb's -ing form as their object (*keep pouring*, *stop building*)
_TAKES_ING = frozenset(
    "keep begin start stop continue avoid consider finish quit resume risk enjoy mind suggest"  # noqa: SIM905
    " recommend admit deny imagine practise practice postpone delay miss justify propose"
    " involve mean try go".split()
)


# verbs whose object takes a state after it (*keep them grounded*, *leave fans stunned*)
_OBJECT_STATE_VERBS = frozenset({"keep", "leave", "find", "make", "render", "declare"})


def _object_of_a_state_verb(t: TokenTable, k: int) -> bool:
    """Whether the tokens ending at k are the object of a verb whose object takes a state: a
    pronoun (*them*), or a noun with its determiner (*the town*) or alone (*investors*)."""
    if t.tag[k] == "PRP":
        start = k
    elif t.pos[k] == "NOUN":
        start = k - 1 if k > 0 and t.pos[k - 1] == "DET" and not t.sent_start[k] else k
    else:
        return False
    return start > 0 and not t.sent_start[start] and t.lemma[start - 1] in _OBJECT_STATE_VERBS


def _after_an_adjective_and(t: TokenTable, k: int) -> bool:
    """Whether token k is a conjunction after an adjective (*bold and sweeping reforms*), not
    after a verb's phrase (*living at home and attending school*)."""
    return (
        t.pos[k] == "CCONJ"
        and k > 0
        and not t.sent_start[k]
        and (t.pos[k - 1] == "ADJ" or t.tag[k - 1] in ("JJ", "JJR", "JJS"))
    )


def _modifiers_after_determiner(t: TokenTable, k: int) -> bool:
    """Whether the tokens ending at k are a noun phrase's modifiers after its determiner (*a
    fast,* in *a fast, attacking style*)."""
    while k >= 0 and (t.pos[k] in ("ADJ", "ADV", "CCONJ") or t.lower[k] == ","):
        k -= 1
    return k >= 0 and t.pos[k] == "DET"


def _adjective_over_verb(t: TokenTable, i: int) -> int | None:
    """How many levels the participle at i's adjective entry lies above its verb's (*controlling*
    C1 over *control* A2: 3; *crowded* B1 under *crowd* B2: -1); None when either has none."""
    adjective = authored_level(t.lower[i], "ADJ")
    verb = authored_level(t.lemma[i].lower(), "VERB")
    if adjective not in CEFR_LEVELS or verb not in CEFR_LEVELS:
        return None
    return CEFR_LEVELS.index(adjective) - CEFR_LEVELS.index(verb)


def _named_after(t: TokenTable, words: tuple[int, ...]) -> bool:
    """Whether a listed expression's capitalised words name whom it is named after, the rest of
    it in lower case (*a Ponzi scheme*, *Achilles' heel*, *a Pyrrhic victory*): it is the
    expression, not a name. One in capitals throughout (*Shanghai Cooperation Organization*) or
    reaching into a longer name (*Herculean Task Force*) is a name."""
    alpha = [i for i in words if t.is_alpha[i]]
    lower = [i for i in alpha if t.is_lower[i]]
    if not lower or len(lower) == len(alpha) or not t.is_lower[alpha[-1]]:
        return False
    if not all(t.text[i][:1].isupper() and t.text[i][1:].islower() for i in alpha if not t.is_lower[i]):
        return False
    after = words[-1] + 1
    return not (after < t.n and t.text[after][:1].isupper() and not t.sent_start[after])


def _common_word(t: TokenTable, i: int) -> bool:
    """A word of the glossary at C1 or earlier that is not a nationality: capitalised in a name,
    still an ordinary word (*Autonomous Region*), unlike *Shanghai* (a rare verb) or *European*."""
    if t.ent_type[i] == "NORP":
        return False
    level = _earliest_level(t.lower[i])
    return level is not None and CEFR_LEVELS.index(level) <= CEFR_LEVELS.index("C1")


@lru_cache(maxsize=65_536)
def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


# what a token's text is, before its place in the sentence is looked at: a word, a number or
# abbreviation (counted with the names), or neither (punctuation, URLs): its lexical attributes
# are spaCy's of the text, so each text is sorted once (`_KINDS`)
_WORD, _NUMBER, _NEITHER = "word", "number", "neither"
_KINDS: dict[str, str] = {}


def _kind(t: TokenTable, i: int) -> str:
    """Whether token i's text is a word, a number or abbreviation, or neither."""
    if t.is_space[i] or t.is_punct[i] or not _has_letter(t.text[i]):
        return _NUMBER if t.like_num[i] else _NEITHER  # (*1,700*, *5.2*)
    if t.like_url[i] or t.like_email[i]:
        return _NEITHER
    if t.like_num[i] or is_abbreviation(t.text[i]) or _ORDINAL.fullmatch(t.lower[i]):
        return _NUMBER
    return _WORD


# ordinal numbers past the tenth, which spaCy does not count as numbers: a number, never a word
# to learn (*one-thirtieth the width of a hair*, *the fortieth anniversary*)
_ORDINAL = re.compile(
    r"(?:eleven|twelf|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|(?:twent|thirt|fort|fift|sixt|sevent|eight|ninet)ie|hundred|thousand|million|billion|trillion)th"
)


def _doc_names(doc: Doc, t: TokenTable) -> set[str]:
    """Surface strings that are names in this Doc. The episode's names are those of all its Docs
    (and its people): once a name, a name everywhere (NER finds *Tokayev* in one sentence and
    misses it in the next)."""
    names: set[str] = set()
    text = t.text
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and not (ent.end - ent.start == 1 and _word_opening(t, ent.start)):
            names.update(text[i] for i in range(ent.start, ent.end) if text[i][:1].isupper())
    for i in range(t.n):
        if not text[i][:1].isupper():
            continue
        if _word_opening(t, i) and (not t.ent_type[i] or _lone_entity(t, i)):
            continue  # a word capitalised by its place, whatever the tagger and NER say of it
        if (t.pos[i] == "PROPN" and not _capitalised_by_place(t, i)) or (not _opens(t, i) and t.is_alpha[i]):
            names.add(text[i])  # a proper noun, or capitalised mid-sentence: a name or a title word
    return names


def _is_name(t: TokenTable, i: int, names: Container[str]) -> bool:
    if t.ent_type[i] in NAME_LABELS:
        if t.is_lower[i] and in_glossary(t.text[i]) and not _lower_case_entity(t, i):
            # a dictionary word in lower case in an entity NER made of it (*to outstrip* a place,
            # *the provincial health commission*), not one of lower-case words only (*tang ping*)
            return False
        if _word_opening(t, i) and _lone_entity(t, i):
            return t.text[i] in names  # a name only when met as one elsewhere (see `_word_opening`)
        return True
    text = t.text[i]
    if t.pos[i] == "PROPN":  # the small model tags some lower-case nouns so (*an anomaly*)
        if _capitalised_by_place(t, i):
            # a name where the episode has it as one (*Marsh, playing two groups ahead* after
            # *Ryan Marsh*), else a word capitalised by its place (*Sun Li: Guilty as charged*)
            return text in names
        return not (t.is_lower[i] and in_glossary(text))
    if not text[:1].isupper():
        return False  # (nor is it among the names: every one is capitalised, see `_Names`)
    return text in names or not _opens(t, i)


def _lower_case_entity(t: TokenTable, i: int) -> bool:
    """Whether token i is in an entity of several words, each in lower case (foreign words
    such as pinyin, which NER takes for a name: *tang ping*)."""
    kind = t.ent_type[i]
    start = end = i
    while start > 0 and t.ent_type[start - 1] == kind:
        start -= 1
    while end + 1 < t.n and t.ent_type[end + 1] == kind:
        end += 1
    return end > start and all(t.is_lower[k] for k in range(start, end + 1))


def _listed_compound(t: TokenTable, parts: list[int]) -> str | None:
    """The glossary or phrase-list entry a hyphen chain spells, in any of the ways it is written
    (*play-off* / *playoff*, *U-turn*), or None."""
    words = [t.lower[i] for i in parts]
    if not all(_has_letter(w) for w in words[:1]):
        return None
    last = parts[-1]
    # a noun's or a verb's form by its lemma too (*U-turns*, *fast-tracked*, *fact-checked*); a
    # verb's only to a verb (*black-faced* is no *blackface*)
    pos = t.pos[last]
    heads = [words[-1]] if pos not in ("NOUN", "VERB") else [words[-1], t.lemma[last].lower()]
    for head in dict.fromkeys(heads):
        joined = [*words[:-1], head]
        as_verb = pos == "VERB" and head != words[-1]
        for cand in ("-".join(joined), "".join(joined)):
            if in_glossary(cand, "VERB") if as_verb else in_glossary(cand):
                return cand
        for cand in ("-".join(joined), " ".join(joined)):
            if cand in phrase_list():
                return cand
    return None


def _compound_pos(t: TokenTable, chain: list[int], entry: str | None) -> str:
    """A compound's part of speech: before a noun an adjective (*a one-off event*), else its last
    word's; within what the glossary has for the entry, when it has the entry."""
    after = chain[-1] + 1
    before_noun = after < t.n and t.pos[after] in ("NOUN", "PROPN")
    listed = glossary_pos(entry) if entry else ()
    last = t.pos[chain[-1]]
    if not listed:
        return "ADJ" if before_noun or last not in CONTENT_POS else last
    if "ADJ" in listed and before_noun:
        return "ADJ"
    return last if last in listed else listed[0]


def _hyphen_chains(t: TokenTable) -> list[list[int]]:
    """Runs like cross - border, people - to - people: words joined by hyphens without spaces
    (their tokens' indices)."""
    chains: list[list[int]] = []
    text, space, punct, is_space = t.text, t.whitespace, t.is_punct, t.is_space
    i = 0
    n = t.n
    while i < n - 2:
        if space[i] or text[i + 1] != "-" or space[i + 1] or is_space[i + 2] or punct[i + 2]:
            i += 1
            continue
        chain = [i, i + 1, i + 2]
        j = i + 2
        while j + 2 < n and not space[j] and text[j + 1] == "-" and not space[j + 1] and not punct[j + 2]:
            chain.extend([j + 1, j + 2])
            j += 2
        chains.append(chain)
        i = j + 1
    return chains


class _Sents:
    """The original text of a Doc's sentences, each found once, as its occurrences ask."""

    def __init__(self, table: TokenTable) -> None:
        self.table = table
        self.texts: dict[int, tuple[str, list[tuple[int, int, int, int]]]] = {}

    def span(self, k: int) -> tuple[int, int]:
        """Where sentence k starts and ends in the Doc's text (`Span.start_char`, `end_char`)."""
        tokens = self.table.sentences[k]
        return self.table.idx[tokens.start], self.table.end_char(tokens.stop - 1)


def _sentence_text(
    episode: Episode, block: _Block, sents: _Sents, k: int, first: tuple[int, int], last: tuple[int, int]
) -> tuple[str, tuple[int, int]]:
    """The sentence in the original text (across cues when a sentence spans several) of the
    target, which is in sentence `k`, and the target's span within it; `first` and `last` are
    where the target's first and last characters are (`_Block.where`)."""
    found = sents.texts.get(k)
    if found is None:
        found = sents.texts[k] = _original_sentence(episode, block, sents, k)
    text, pieces = found
    t_seg, t_off = first
    for seg, a, b, at in pieces:
        if seg == t_seg:
            e_seg, e_off = last
            return text, (at + (t_off - a), at + (e_off + 1 - a) if e_seg == seg else at + (b - a))
    return text, (0, 0)


def _original_sentence(
    episode: Episode, block: _Block, sents: _Sents, k: int
) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Sentence `k` in the original text, and its pieces: (segment, start and end in the
    segment, start in the sentence)."""
    s_start, s_end = sents.span(k)
    # spaCy makes a lone bracket or quote its own sentence (*[Editor's note] The …*): keep it
    if k > 0:
        start, end = sents.span(k - 1)
        if not any(ch.isalnum() for ch in block.norm[start:end]):
            s_start = start
    if k + 1 < len(sents.table.sentences):
        start, end = sents.span(k + 1)
        if not any(ch.isalnum() for ch in block.norm[start:end]):
            s_end = end
    while s_end > s_start and block.norm[s_end - 1].isspace():
        s_end -= 1
    texts: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    seg_first, off_first = block.where(s_start)
    seg_last, off_last = block.where(s_end - 1)
    length = 0
    for seg in range(seg_first, seg_last + 1):
        text = episode.segments[seg].text
        a = off_first if seg == seg_first else 0
        b = off_last + 1 if seg == seg_last else len(text)
        if texts:
            texts.append(" ")
            length += 1
        pieces.append((seg, a, b, length))
        texts.append(text[a:b])
        length += b - a
    return "".join(texts), pieces
