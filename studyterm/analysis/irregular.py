"""Irregular inflections of common English verbs and nouns, for matching phrases on lemmas.

Written for studyterm from English grammar (these forms are facts of the language); only verbs
that head phrasal verbs or fixed expressions in news English are needed here.
"""

from __future__ import annotations

__all__ = ["IRREGULAR"]

_VERBS = """
be is are was were been being am
become becomes became becoming
begin begins began begun beginning
bring brings brought bringing
build builds built building
buy buys bought buying
break breaks broke broken breaking
catch catches caught catching
choose chooses chose chosen choosing
come comes came coming
cut cuts cutting
deal deals dealt dealing
do does did done doing
draw draws drew drawn drawing
drive drives drove driven driving
eat eats ate eaten eating
fall falls fell fallen falling
feel feels felt feeling
fight fights fought fighting
find finds found finding
get gets got gotten getting
give gives gave given giving
go goes went gone going
grow grows grew grown growing
hang hangs hung hanging
have has had having
hold holds held holding
keep keeps kept keeping
know knows knew known knowing
lay lays laid laying
lead leads led leading
leave leaves left leaving
let lets letting
lie lies lay lain lying
lose loses lost losing
make makes made making
mean means meant meaning
meet meets met meeting
pay pays paid paying
put puts putting
run runs ran running
say says said saying
see sees saw seen seeing
seek seeks sought seeking
sell sells sold selling
send sends sent sending
set sets setting
shake shakes shook shaken shaking
shut shuts shutting
speak speaks spoke spoken speaking
spend spends spent spending
stand stands stood standing
strike strikes struck stricken striking
take takes took taken taking
tell tells told telling
think thinks thought thinking
throw throws threw thrown throwing
wear wears wore worn wearing
win wins won winning
write writes wrote written writing
"""

_NOUNS = """
person people
child children
man men
woman women
crisis crises
analysis analyses
criterion criteria
phenomenon phenomena
medium media
"""


def _table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in (_VERBS + _NOUNS).strip().splitlines():
        words = line.split()
        if words:
            table[words[0]] = words
    return table


IRREGULAR: dict[str, list[str]] = _table()
