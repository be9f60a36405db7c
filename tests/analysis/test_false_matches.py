"""Expressions found where the text does not have them: the phrase matcher's false matches that
reviewers met on fresh news texts, one mechanism per test, on the real pipeline (spaCy, the
built-in phrase list). Each test also holds the true use of the expression, which must stay."""

from __future__ import annotations

import pytest

from studyterm.model import Episode, Segment


def _phrases(analyzer, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    result = analyzer.analyse(Episode(title="false matches", segments=[Segment(text)]))
    return {i.lemma for i in result.items if i.is_phrase}


def _not_there_but_here(analyzer, false: str, wrong: set[str], true: str, right: set[str]) -> None:  # type: ignore[no-untyped-def]
    """None of `wrong` is found in `false`, and all of `right` is found in `true`."""
    found = _phrases(analyzer, false)
    assert not wrong & found, found
    kept = _phrases(analyzer, true)
    assert right <= kept, kept


def test_an_expression_never_starts_or_ends_inside_a_hyphenated_word(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "Berg dived to keep out Doyle's spot-kick in sudden death. Expect lead times on"
        " high-end hardware to get longer. Novak capped a comeback from a career-threatening"
        " shoulder injury with gold.",
    )
    assert not {"kick in", "on a high", "threaten sb with"} & found, found
    assert {"keep out", "sudden death"} <= found, found
    true = _phrases(analyzer, "The new rules kick in next week. The tax is a double-edged sword.")
    assert {"kick in", "a double-edged sword"} <= true, true


def test_a_verbs_expression_is_not_read_into_a_noun_phrase_or_an_adverb(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "The long-term answer for Western carmakers is to cut costs. Orders should eventually"
        " push rates back down.",
    )
    assert not {"answer for", "back down"} & found, found
    true = _phrases(
        analyzer,
        "Ministers will answer for the failures. The government backed down. Rain fell in 24"
        " hours, close to a record.",
    )
    assert {"answer for", "back down", "close to"} <= true, true  # an adverb's preposition


def test_a_fixed_expression_takes_no_inserted_words_but_adverbs_and_its_nouns_modifiers(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "The lunar interior may have held more water than thought. It's scrappy, it's got this"
        " real energy. Nurseries are already operating on very thin margins.",
    )
    assert not {"hold water", "get real", "on the margins"} & found, found
    true = _phrases(
        analyzer,
        "That argument does not hold water. Sales fell well short of targets. Leaders must"
        " take a firm stand. Small parties remain on the margins. It makes no sense. She takes"
        " great pride in her work. Millions are at serious risk. It buys some time. Sales showed"
        " few signs of recovery.",
    )
    assert {
        "hold water",
        "fall short",
        "take a stand",
        "on the margins",
        "make sense",
        "take pride in",
        "at risk",
        "buy time",
        "show signs of",
    } <= true, true


def test_of_two_expressions_the_one_with_the_texts_article_is_found(analyzer) -> None:  # type: ignore[no-untyped-def]
    court = _phrases(analyzer, "We'll see whether the founders take the stand themselves.")
    assert "take the stand" in court and "take a stand" not in court, court
    stance = _phrases(analyzer, "The party refused to take a stand on the issue.")
    assert "take a stand" in stance and "take the stand" not in stance, stance


def test_for_and_a_length_of_time_is_no_prepositional_verbs_object(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "Job vacancies have fallen for sixteen months in a row. Turnout has been falling"
        " steadily for more than a decade.",
    )
    assert "fall for" not in found, found
    assert "fall for" in _phrases(analyzer, "Thousands of savers fell for the scam.")


def test_a_verbs_particle_or_preposition_does_not_also_open_a_longer_fixed_expression(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "The whole network has been thrown out of sync. You will push customers into the arms"
        " of competitors.",
    )
    assert not {"throw out", "push sb into"} & found, found
    assert {"out of sync", "into the arms of"} <= found, found
    # of two as long, both stay: the word may be either's (*kept on standby*, *reel in the field*)
    both = _phrases(analyzer, "Spare capacity is kept on standby. Grant reeled in the field.")
    assert {"on standby", "reel in"} <= both, both
    true = _phrases(analyzer, "Workers threw out the old files. Fans pushed him into running.")
    assert {"throw out", "push sb into"} <= true, true


def test_a_fixed_expressions_noun_with_a_clause_of_its_own_is_literal(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(analyzer, "She shaved 0.12 seconds off the mark she set at her trials.")
    assert "off the mark" not in found, found
    true = _phrases(
        analyzer, "Their forecasts were way off the mark. But in the end you go with your instinct."
    )
    assert {"off the mark", "in the end"} <= true, true  # at a clause's start: its subject


def test_a_preposition_opening_a_named_time_is_no_verbs_preposition(analyzer) -> None:  # type: ignore[no-untyped-def]
    _not_there_but_here(
        analyzer,
        "Prices are likely to keep sliding into next year. OPEC+ extends output cuts into next"
        " year. The quake struck shortly before dawn on Tuesday.",
        {"slide into", "cut into", "dawn on"},
        "The talks slid into chaos. Costs cut into next year's profits. It finally"
        " dawned on him that the plan had failed.",
        {"slide into", "cut into", "dawn on"},
    )


def test_a_particle_opening_a_day_or_a_season_is_the_times_preposition(analyzer) -> None:  # type: ignore[no-untyped-def]
    """*held on Sunday*, *held over the summer*: the news's commonest false *hold on* and *hold
    over*; a particle before a time named by *next* or in its own phrase stays."""
    _not_there_but_here(
        analyzer,
        "The vote was held on Sunday. Open days will be held over the summer. The results came in"
        " the morning.",
        {"hold on", "hold over", "come in"},
        "Hold on, the results come in the morning. Her deputy will take over the summer programme."
        " The new boss takes over on Monday. The meeting was held over until the summer.",
        {"hold on", "take over", "hold over"},
    )


def test_an_idioms_last_preposition_is_not_a_times(analyzer) -> None:  # type: ignore[no-untyped-def]
    """*schools shut their doors on Wednesday* is no *shut the door on* (断然拒绝): the
    preposition opens the day; *shut the door on talks* is."""
    _not_there_but_here(
        analyzer,
        "Schools across the region shut their doors on Wednesday as the strike began.",
        {"shut the door on"},
        "The government has shut the door on further talks with the union.",
        {"shut the door on"},
    )


def test_a_verbs_particle_before_a_preposition_makes_the_phrasal_verb(analyzer) -> None:  # type: ignore[no-untyped-def]
    """*locked away in a vault* is *lock away*, not *locked in*: an adverb may come between a
    prepositional verb and its preposition (*piled heavily into*), a particle may not."""
    _not_there_but_here(
        analyzer,
        "The artefacts were locked away in a vault for decades.",
        {"locked in"},
        "They were locked in a bitter dispute. Investors piled heavily into bonds.",
        {"locked in", "pile into"},
    )


def test_at_home_and_on_ones_own_are_adverbials_not_a_verbs_preposition(analyzer) -> None:  # type: ignore[no-untyped-def]
    """*children were kept at home* is no *keep at* (坚持做), *thrive on its own* no *thrive on*;
    *keep at it*, *thrive on competition*, *rely on their own savings* are."""
    _not_there_but_here(
        analyzer,
        "Children who were sick were kept at home for a week. The reef cannot thrive on its own.",
        {"keep at", "thrive on"},
        "Keep at it and you will improve. Small firms thrive on competition. Families rely on"
        " their own savings.",
        {"keep at", "thrive on", "rely on"},
    )


def test_a_counted_noun_is_no_verbs_head(analyzer) -> None:  # type: ignore[no-untyped-def]
    """*two camps out of three* is no *camp out*: a noun after its number is counted, not a verb
    the tagger misread."""
    _not_there_but_here(
        analyzer,
        "Two camps out of three were flooded.",
        {"camp out"},
        "Fans camp out for tickets. Three firms pulled out of the deal.",
        {"camp out", "pull out of"},
    )


def test_a_noun_after_its_adjective_verb_or_preposition_is_no_verbs_head(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "Smuggled meat has depressed wholesale prices in some markets. Firms lobbied for clearer"
        " rules on data transfer. It is the latest in a string of cuts across the sector. The"
        " jars bore stamps on their handles. There is a push to ban phones in classrooms.",
    )
    assert not {"price in", "rule on", "cut across", "stamp on", "phone in"} & found, found
    true = _phrases(
        analyzer,
        "Markets have already priced in a rate cut. The court will rule on the case. The fans"
        " chip in. Listeners phone in with questions. Exports, which researchers believe"
        " accounts for the gap, fell. Heavy reliance on coal persists.",
    )
    assert {"price in", "rule on", "chip in", "phone in", "account for", "reliance on"} <= true, true


def test_a_word_of_a_longer_idiom_is_no_verbs_expression(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "Crews worked around the clock. Courts may hold a president to account for his"
        " conduct. Officials will be held to account for the losses.",
    )
    assert not {"work around", "account for"} & found, found
    assert {"around the clock", "hold sb to account", "be held to account"} <= found, found
    true = _phrases(
        analyzer, "Engineers found a way to work around the problem. Exports account for a third of output."
    )
    assert {"work around", "account for"} <= true, true


def test_of_two_expressions_on_the_same_words_the_one_as_written_wins(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(analyzer, "Ministers are under mounting pressure to broker a deal.")
    assert "mounting pressure" in found and "mount pressure" not in found, found
    true = _phrases(analyzer, "Unions plan to mount pressure on the government.")
    assert "mount pressure" in true and "mounting pressure" not in true, true


def test_a_prepositional_verbs_object_with_words_inserted_is_no_fixed_expression(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(analyzer, "The firm is betting on robust demand from manufacturers.")
    assert "on demand" not in found and "bet on" in found, found
    cheaper = _phrases(analyzer, "Airlines had been counting on cheaper jet fuel.")  # article left out
    assert "on the cheap" not in cheaper and "count on" in cheaper, cheaper
    assert "on the cheap" in _phrases(analyzer, "They bought the company on the cheap.")
    # as listed, both may be meant: *weighing on demand* is *weigh on*
    true = _phrases(analyzer, "Films are available on demand. Rates are weighing on demand.")
    assert {"on demand", "weigh on"} <= true, true


def test_a_fixed_expressions_noun_opening_a_listed_compound_is_the_compounds(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(analyzer, "If they can agree on ground rules for the coast guards, that would help.")
    assert "on the ground" not in found and "ground rules" in found, found
    true = _phrases(
        analyzer, "Reporters on the ground saw the damage. Teams are out on the ground day and night."
    )
    assert "on the ground" in true, true


def test_a_contracted_verb_matches_its_full_form(analyzer) -> None:  # type: ignore[no-untyped-def]
    assert "the jury is still out" in _phrases(analyzer, "The jury's still out on whether it works.")
    assert "the jury is still out" in _phrases(analyzer, "The jury is still out on whether it works.")
    # a contraction listed as such still matches
    assert "here's the thing" in _phrases(analyzer, "But here's the thing: nobody knows.")


def test_of_two_listed_forms_the_one_with_the_texts_article_or_none_is_found(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(analyzer, "This year is on track to be the hottest on record.")
    assert "on record" in found and "on the record" not in found, found
    true = _phrases(analyzer, "The minister spoke on the record.")
    assert "on the record" in true and "on record" not in true, true


def test_a_fixed_expressions_word_is_not_its_ing_form(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(analyzer, "There are still some pretty big sticking points.")
    assert "big stick" not in found, found
    true = _phrases(analyzer, "Washington carried a big stick. The new rules are making waves.")
    assert {"big stick", "make waves"} <= true, true


def test_up_to_an_amount_is_a_limit_not_the_end_of_an_expression(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "If convicted, he faces up to 20 years in prison. Firms could sign up to $5 million in"
        " contracts. The fund may open up to a third of its seats to newcomers.",
    )
    assert not {"face up to", "sign up to", "open up to"} & found, found
    true = _phrases(
        analyzer,
        "The government must face up to the facts. Costs could add up to $5 billion. Few"
        " dared to stand up to him.",
    )
    assert {"face up to", "add up to", "stand up to"} <= true, true


def test_a_three_part_verbs_to_before_a_verbs_base_form_is_an_infinitive(analyzer) -> None:  # type: ignore[no-untyped-def]
    """*come down to ease the burden* is *come down* and an infinitive, not *come down to* 归结为."""
    _not_there_but_here(
        analyzer,
        "The government has been keen to see rates come down to ease the burden on families.",
        {"come down to"},
        "In the end it all comes down to money.",
        {"come down to"},
    )
    found = _phrases(analyzer, "The government has been keen to see rates come down to ease the burden.")
    assert "come down" in found, found


def test_an_ordinal_inside_a_fixed_expression_makes_it_a_rank(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "She finished in second place behind the champion. The Kenyan took first place in the marathon.",
    )
    assert not {"in place", "take place"} & found, found
    true = _phrases(analyzer, "Safeguards are in place. The vote will take place on Sunday.")
    assert {"in place", "take place"} <= true, true


def test_a_name_inside_a_sentence_is_not_the_expression_it_spells(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "The vote went to a new centrist party, Common Ground, founded only 18 months ago.",
    )
    assert "common ground" not in found, found
    true = _phrases(
        analyzer,
        "There is little common ground on trade. Why Teenagers Can't Get Up, and What Schools"
        " Could Do About It",
    )
    assert {"common ground", "get up"} <= true, true  # a headline's capitals are no name


def test_a_word_of_an_expression_is_not_met_in_another_word_class_or_degree(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "The minister said in a statement that talks would resume. Prices rose a bit more"
        " than expected. Swimmers spoke to reporters in the mixed zone. The union held out for"
        " better terms. We hit the lower slopes at dawn.",
    )
    assert not {"a say in sth", "a bit much", "in the mix", "for good", "hit a low"} & found, found
    true = _phrases(
        analyzer,
        "Residents want a say in the plan. Four hours of speeches is a bit much. Two more"
        " bidders are still in the mix. Investigators have to dig deeper and follow the money."
        " The economy is in better shape. A growing number of firms agree. It is far from a"
        " done deal.",
    )
    assert {
        "a say in sth",
        "a bit much",
        "in the mix",
        "dig deep",
        "in good shape",
        "a growing number of",
        "a done deal",
    } <= true, true


def test_a_fixed_expression_opening_with_its_preposition_takes_no_adjective_after_its_article(
    analyzer,
) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "On the other side, some firms gained. Break times are noisier, in a good way. He"
        " missed a routine red in the fourth frame.",
    )
    assert not {"on the side", "in a way", "in the frame"} & found, found
    true = _phrases(
        analyzer,
        "She sells cakes on the side. In a way, he is right. Two bidders remain in the frame.",
    )
    assert {"on the side", "in a way", "in the frame"} <= true, true


def test_a_verbs_particles_that_open_a_longer_fixed_expression_are_its_words(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(analyzer, "The offer came out of the blue.")
    assert "out of the blue" in found and "come out of" not in found, found
    true = _phrases(analyzer, "Nothing good came out of the talks. We ran out of time.")
    assert {"come out of", "run out of"} <= true, true


def test_a_terms_word_is_no_verbs_past_form(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = _phrases(
        analyzer,
        "The people who went to prison broke the law. Civil society groups staged a protest.",
    )
    assert not {"prison break", "group stage"} & found, found
    true = _phrases(analyzer, "He planned a prison break. The team left in the group stage.")
    assert {"prison break", "group stage"} <= true, true


# (what a reviewer met, the expressions it must not give; true uses, the expressions they give)
CASES = {
    "a plural subject is not the verb of an expression": (
        "Planning rules in rural areas are strict. New home prices in 70 cities fell again."
        " Power cuts across the province left millions without light. Basis points to the"
        " yield were added. Smaller banks account for a large share of loans.",
        {"rule in", "price in", "cut across", "bank account", "point to"},
        "The market prices in a rate cut. The study adds to the evidence. The judge ruled in"
        " favour of the firm. The reform cuts across party lines. Small banks account for most"
        " loans. Storms caused a power cut.",
        {"price in", "add to", "cut across", "account for", "power cut"},
    ),
    "a sentence adverbial is not read inside a clause": (
        "People want to be sure it's worth it. We have to be honest with them. We paid once to"
        " buy it and then again to have it hauled away. It's become kind of a tradition. He won a"
        " $25,000 bonus for the record. It had a label that said nothing.",
        {"to be sure", "to be honest", "then again", "become of", "for the record", "that said"},
        "To be sure, the economy is weak. But then again, who knows? And to be fair to them,"
        " they tried. Nobody knows what became of the money. For the record, I never said that."
        " That said, it works.",
        {"to be sure", "then again", "to be fair", "become of", "for the record", "that said"},
    ),
    "an expression's verb and noun are no participle, other number or other degree": (
        "Job cuts are made in reverse order. It is a mounting challenge for the city. That is"
        " the bit most of us struggle with.",
        {"make the cut", "mount a challenge", "a bit much"},
        "The team made the cut. Rivals mounted a challenge. The jokes were a bit much.",
        {"make the cut", "mount a challenge", "a bit much"},
    ),
    "a verb's expression is not read into a birth, a noun or an adjective": (
        "Children born with the condition can see. The kid himself was fine. Birds pass"
        " through a narrow gap.",
        {"bear with", "kid oneself", "narrow the gap"},
        "Please bear with us. Don't kid yourself. Rivals narrowed the gap. She wasn't herself."
        " A sharp rise in prices followed.",
        {"bear with", "kid oneself", "narrow the gap", "not oneself", "sharp rise"},
    ),
    "a preposition belongs to the noun of change before it": (
        "Towns far from it suffer. Sales fell after a dip in confidence.",
        {"far from it", "in confidence"},
        "Is it easy? Far from it. He told me in confidence.",
        {"far from it", "in confidence"},
    ),
    "an expression found without its article ends on a noun; an idiom's inner be is be": (
        "Bacteria are living things, and like all living things they evolve. We are working on"
        " cheaper units. It is too early to point the finger at anyone. So is it all doom and"
        " gloom?",
        {"and the like", "on the cheap", "to the point", "so be it"},
        "Chairs, tables and the like were sold. They did it on the cheap. Her answer was short"
        " and to the point. If it has to be, so be it. We must strike a balance.",
        {"and the like", "on the cheap", "to the point", "so be it", "strike a balance"},
    ),
    "an idiom's noun after the is met as listed, not as a plural; an of-noun may own what follows": (
        "Secret societies, poisoned wells, all that. She was making the calls to every family. In"
        " this league you don't get points for style. The row over the state of the nation's"
        " roads goes on.",
        {"poison the well", "make the call", "get the point", "state of the nation"},
        "Critics say he poisoned the well. It was her job to make the call. Do you get the point?"
        " People are doing the maths. He gave the state of the nation address.",
        {"poison the well", "make the call", "get the point", "do the maths", "state of the nation"},
    ),
    "an own or an adjective after a slot that belongs to the noun after it": (
        "He was holding his own daughter on his shoulders. You're making choices the whole time."
        " People get it the wrong way round. You're putting yourself in the right place.",
        {"hold one's own", "make sb whole", "get sb wrong", "put sth right"},
        "The veteran held his own against younger rivals. The insurer will make investors whole."
        " We must put things right.",
        {"hold one's own", "make sb whole", "put sth right"},
    ),
    "a term takes an adjective inside, never an article": (
        "He still loves the game after twenty years.",
        {"love game"},
        "She held serve with a love game. The vote ended a marathon overnight session.",
        {"love game", "marathon session"},
    ),
    "way before too, more or a comparative is a degree word, no expression's noun": (
        "We give way too much weight to now. The report gives way more space to one survey.",
        {"give way"},
        "The old bridge gave way under the weight.",
        {"give way"},
    ),
    "an expression does not end in a word that belongs to what follows": (
        "Races were held in extreme heat. The bill faced a revolt on its own benches. It's given"
        " him a kind of freedom. The pound was edging up slightly against the dollar.",
        {"in the extreme", "on one's own", "it's a given", "up against"},
        "The plan is risky in the extreme. She built it on her own. It's a given that prices rise."
        " The team is up against a strong side. The report laid bare deep divisions.",
        {"in the extreme", "on one's own", "it's a given", "up against", "lay bare"},
    ),
    "a verb's expression needs its verb and its own particle": (
        "A panda eats up to 40 kilograms of bamboo a day. Workers repaired a downed line. The"
        " bank was bailed out regardless of the cost. There is clear evidence of looting.",
        {"eat up", "down the line", "bail out of", "clear sb of"},
        "They ate up the savings. Problems may arise down the line. He bailed out of the deal."
        " The court cleared him of all charges. Unemployment has crept up to 4.6 percent.",
        {"eat up", "down the line", "bail out of", "clear sb of", "creep up"},
    ),
    "a slot is no clitic, a listed article no noun's verb, a preposition no other's end": (
        "Come on, let's go! He was saying in a statement that talks resume. Standing next to her,"
        " he smiled. The case is linked to the fault in the system.",
        {"let sb go", "a say in sth", "stand to", "to a fault"},
        "The firm let 200 staff go. Residents want a say in the plan. Farmers stand to profit from it."
        " He is generous to a fault. The news stopped me in my tracks. The defeat brought the"
        " army to its knees.",
        {"let sb go", "a say in sth", "stand to", "to a fault", "stop sb in their tracks"}
        | {"bring sb to their knees"},
    ),
    "a slot holds a noun phrase, a term no superlative, a frozen idiom its article": (
        "The pipes were stripped bare of paint. The highest court ruled. Investors in dark suits"
        " moved from stand to stand.",
        {"strip sb of", "high court", "in the dark"},
        "They stripped him of his title. The High Court ruled. Voters are still in the dark. The"
        " eruption caught many off guard.",
        {"strip sb of", "high court", "in the dark", "catch sb off guard"},
    ),
    "a present verb is no article's noun, a day no verb's object": (
        "Prices are rising, as they say in the trade. The staff walked out on the same day.",
        {"a say in sth", "walk out on"},
        "Residents want a say in the plan. He walked out on his family. This is a wake-up call"
        " for all of us.",
        {"a say in sth", "walk out on", "a wake-up call"},
    ),
    "a compound's head and a comparative are no verb": (
        "Workers outside a Freshway distribution centre on the edge of the city cheered. Women"
        " often wait weeks longer for their results. Several senior figures in her party"
        " objected. These are people who love games.",
        {"centre on", "long for", "figure in", "love game"},
        "The talks centre on trade. She longed for home. Then the fish chip in. A construction"
        " firm bidding for the contract won. Cost will figure in the decision. She won the set"
        " with a love game.",
        {"centre on", "long for", "chip in", "bid for", "figure in", "love game"},
    ),
    "a comparative of another stem is not its word": (
        "I'm a bit more torn about the sequel. Regulators want to go further and ban the bottles.",
        {"a bit much", "go far"},
        "Honestly, the fourth sequel was a bit much. That young striker will go far. The union"
        " took a harder line.",
        {"a bit much", "go far", "take a hard line"},
    ),
    "a person, a participle or a noun after the expression shows it is not there": (
        "We are getting to know the area. The team will get to the final. She got to her front"
        " door. The system functioned"
        " as designed. If this passes as written, wages rise. Many jobs in office buildings will"
        " go. By mile fifteen, runners slowed.",
        {"get to sb", "function as", "pass as", "in office", "by a mile"},
        "The pressure really gets to me. Don't let it get to you. The room functions as an"
        " office. He passed as a local. The party has been in office for years. I could not in"
        " good conscience vote for it. She won by a mile.",
        {"get to sb", "function as", "pass as", "in office", "in good conscience", "by a mile"},
    ),
    "a phrasal verb's particle opening a fixed expression is the fixed expression's": (
        "The theft was caught on camera. Those cases have been put on hold.",
        {"catch on", "put on"},
        "The idea caught on quickly. The thief was caught on camera. Prices depend on demand.",
        {"catch on", "on camera", "depend on"},
    ),
    "a passive takes its object slot as subject only where a word of the expression follows": (
        "Flat figures are held against a backlit screen.",
        {"hold sth against"},
        "Traffic was brought to a standstill. The minister was taken to task. Fog brought the port"
        " to a standstill.",
        {"bring sth to a standstill", "take sb to task"},
    ),
    "a listed a takes a plural after another determiner, or with none in a collocation": (
        "The children have balls and bats. The songs struck chords with fans.",
        {"have a ball", "strike a chord"},
        "Voters were casting their ballots. We are not taking any chances. Experts drew different"
        " conclusions.",
        {"cast a ballot", "take a chance", "draw a conclusion"},
    ),
    "an adverb's comparative or it before an adjective shows the expression is not there": (
        "They no longer face abuse. It will make it easier for buyers.",
        {"long face", "make it"},
        "He pulled a long face. She made it to the final. Expect heavier downpours.",
        {"long face", "make it", "heavy downpour"},
    ),
    "an expression with a negated verb is found as spaCy splits it": (
        "Do hold your breath when you dive.",
        {"don't hold your breath"},
        "Will prices fall? Don't hold your breath. I couldn't care less. Crime doesn't pay.",
        {"don't hold your breath", "couldn't care less", "crime doesn't pay"},
    ),
    "a verb-and-object expression's verb is no noun after a determiner": (
        "Officials signed a land deal with the village.",
        {"land a deal"},
        "The firm landed a deal with a carmaker.",
        {"land a deal"},
    ),
    "an expression listed as a participle is no past tense or perfect of its verb": (
        "Ministers pressed for a deal. France has long pressed for a tougher stance.",
        {"pressed for"},
        "Workers are entitled to sick pay. They remained committed to the project.",
        {"entitled to", "committed to"},
    ),
    "a preposition opening the past year and the like is no particle": (
        "Dozens of restaurants have closed in the past year.",
        {"close in"},
        "Rivals are closing in. Prices will settle down in the coming months.",
        {"close in", "settle down"},
    ),
    "to before a verb is an infinitive, not to and a noun": (
        "The murals are thought to date back to the Tang dynasty.",
        {"to date"},
        "To date, no one has been charged. None of this has worked to date.",
        {"to date"},
    ),
    "a verb's object's noun after the is no verb": (
        "The drop knocked the share price in morning trading.",
        {"price in"},
        "Markets price in a cut. The last weeks of the year account for a third of sales. Let"
        " the music and the movement wash over you. The staff chip in for gifts.",
        {"price in", "account for", "wash over", "chip in"},
    ),
    "a verb's preposition is no expression's where it opens an everyday adverbial": (
        "We must keep at least part of the site open. Mr Brooks hit back at once. They buy in"
        " bulk. The shop is gone for good.",
        {"keep at", "hit back at", "buy in", "go for"},
        "Keep at it and you will win. The minister hit back at his critics. They voted for good governance.",
        {"keep at", "hit back at", "vote for"},
    ),
    "a verb's adjective after a degree word, and before ending a clause, are no expression's": (
        "It is too warm to cool the rooms. She had never appeared before.",
        {"warm to", "appear before"},
        "Voters warmed to her. These structures are extremely vulnerable to shaking. Children are"
        " less equipped to resist it. He appeared before the committee. The regions have lagged"
        " behind.",
        {"warm to", "vulnerable to", "equipped to", "appear before", "lag behind"},
    ),
    "an object's noun, a partitive and an article's adjective leave no expression": (
        "Fans got a thrilling final round. The cut will relieve some of that pressure. Prices"
        " rose in the current crunch. The internet has given younger performers a way to make a"
        " living.",
        {"get round", "relieve sb of", "the crunch", "give way to"},
        "Word got round quickly. The tax relieved them of their savings. When it comes to the"
        " crunch, he delivers. Younger performers have been given a way to make a living. For"
        " buyers it is a real minefield.",
        {"get round", "relieve sb of", "when it comes to the crunch", "a minefield"},
    ),
    "an adjective ending an idiom does not also open its own expression": (
        "Firms keep falling short on safety. Does that ring true to you?",
        {"short on", "true to"},
        "The clinic is short on staff. The film is true to the book. Firms fell short.",
        {"short on", "true to", "fall short"},
    ),
    "a noun after its determiner and adjectives is no verb, a passive's participle no term's": (
        "The plan is a new EU rule on deforestation. A seed bank run by volunteers keeps the samples.",
        {"rule on", "bank run"},
        "The court will rule on the case. A bank run followed the rumours.",
        {"rule on", "bank run"},
    ),
    "up to a length of time is a limit, not a verb's particle": (
        "Refunds can take up to a week.",
        {"take up"},
        "She took up the post in May. Prices crept up to a record.",
        {"take up", "creep up"},
    ),
    "an expression with a plural's possessive is found as spaCy splits it": (
        "At the end, their wits were tested.",
        {"at one's wits' end"},
        "Parents are at their wits' end. That is an old wives' tale. He appeared at the magistrates' court.",
        {"at one's wits' end", "an old wives' tale", "magistrates' court"},
    ),
    "a verb of rising keeps its up": (
        "The yuan edged up against the dollar.",
        {"up against"},
        "Firms are up against tough rivals. The yuan edged up.",
        {"up against", "edge up"},
    ),
    "an object and an infinitive of purpose are no verb's prepositional expression": (
        "They will hold a ceremony to present the medals.",
        {"hold sb to"},
        "The team held the champions to a draw. Fans want to hold coaches and managers to account.",
        {"hold sb to", "hold sb to account"},
    ),
    "a person in a thing's slot, or it in a person's, is the other expression's": (
        "Voters felt the party took them for granted. The new rules stopped it in its tracks.",
        {"take sth for granted", "stop sb in their tracks"},
        "People take clean water for granted. The news stopped him in his tracks.",
        {"take sth for granted", "stop sb in their tracks"},
    ),
    "a clause listed with the is not read after a quantifier": (
        "Economists asked how much damage is done to the economy.",
        {"the damage is done"},
        "Whatever happens now, the damage is done. Is there any silver lining? Is there any"
        " middle ground here?",
        {"the damage is done", "the silver lining", "the middle ground"},
    ),
    "a fixed expression's plural noun keeps its article, its adjective takes no other's noun": (
        "Margins on books are thin. The firm staked its reputation on cheap and reliable access.",
        {"on the books", "on the cheap"},
        "The deal is on the books. They bought it on the cheap.",
        {"on the books", "on the cheap"},
    ),
    "an idiom's last word before the past decade is the time's": (
        "Reefs have declined around the world over the past decade.",
        {"the world over"},
        "Fans the world over cheered.",
        {"the world over"},
    ),
    "an idiom's last verb has no particle of its own": (
        "We may see the dolphins coming back. We've seen wealthy owners coming in, and funds too.",
        {"see sth coming"},
        "Nobody saw the crash coming. The party says the tide is turning in its favour.",
        {"see sth coming", "the tide is turning"},
    ),
    "a preposition before a weekday with its article opens the time": (
        "So, walk through almost any big city centre on a Friday afternoon and look around.",
        {"centre on"},
        "The talks will centre on trade.",
        {"centre on"},
    ),
    "yet another is its own": (
        "It was seen as yet another sign of decline.",
        {"as yet"},
        "No decision has been made as yet.",
        {"as yet"},
    ),
    "a plural and its verb in -ing are no compound": (
        "Government bonds yielding more than 5% attracted buyers.",
        {"bond yield"},
        "Bond yields rose sharply.",
        {"bond yield"},
    ),
    "a plural and its past participle are no compound": (
        "Schools run by the state are free.",
        {"school run"},
        "Traffic is worst during the school run.",
        {"school run"},
    ),
    "a writer's quotes inside an expression do not break it, where they close with it": (
        'Right, there\'s no "end of the chapter".',
        {"no end of"},
        'The owners had sold them "down the river" for a quick profit. It was a "drop in the'
        ' ocean", he said. The plan was \u201cdead in the water\u201d by May. Operators began'
        ' slapping "low water surcharges" on their customers.',
        {"sell sb down the river", "a drop in the ocean", "dead in the water", "slap sth on"},
    ),
    "a preposition and its listed bare noun take no determiner between": (
        "The regulator has vowed to crack down on that approach.",
        {"on approach"},
        "The plane was on approach to the airport. The regulator will crack down on fraud.",
        {"on approach", "crack down on"},
    ),
    "the noun ending an idiom does not open the expression its preposition makes": (
        "Billions went down the drain on projects that never worked.",
        {"a drain on"},
        "The scheme went down the drain. The ageing fleet is a drain on the budget.",
        {"go down the drain", "a drain on"},
    ),
    "to and a verb with its own preposition are no expression": (
        "The bowl was thought to date from the tenth century.",
        {"to date"},
        "Sales to date are strong.",
        {"to date"},
    ),
    "an adjective with its infinitive is no adjective's expression": (
        "Investors would be wise to wait.",
        {"wise to"},
        "Voters are wise to such tricks.",
        {"wise to"},
    ),
    "an adjective before its noun does not open a verb's idiom": (
        "It is not a smooth path.",
        {"smooth the path"},
        "The reform will smooth the path to growth.",
        {"smooth the path"},
    ),
    "a preposition opening an everyday adverbial is no verb's": (
        "The yard must deliver on time or pay penalties.",
        {"deliver on"},
        "Firms should focus on time management. The new system failed to deliver on speed.",
        {"focus on", "deliver on"},
    ),
    "in and a length of time from now is no particle": (
        "The consultation closes in six weeks. Nominations are due to close in less than three"
        " weeks. The shop will close in about a month. The deal should close in the second half.",
        {"close in"},
        "Rebels closed in from the north. They had pencilled in growth three months ago. The"
        " rules will be phased in over four years.",
        {"close in", "pencil in", "phase in"},
    ),
    "on holiday is an adverbial, not a particle": (
        "Many travellers catch dengue on holiday in Asia. Families went on holiday to Spain.",
        {"catch on", "go on"},
        "The idea caught on quickly. The talks will go on for hours.",
        {"catch on", "go on"},
    ),
    "a determiner with its noun after it ends no expression": (
        "And then some journalists started asking questions.",
        {"and then some"},
        "He paid the full price and then some.",
        {"and then some"},
    ),
    "a modal verb ends no expression": (
        "Sponge iron will then be melted in a furnace.",
        {"iron will"},
        "She showed an iron will.",
        {"iron will"},
    ),
    "a particle before a place or a season is the preposition of where or when": (
        "Two shops closed in the UK last week. Prices rose twice over the summer.",
        {"close in", "twice over"},
        "Troops closed in from the north. She has repaid the loan twice over. Please fill in the"
        " form at the desk.",
        {"close in", "twice over", "fill in"},
    ),
    "an adverb and a number are no term": (
        "Coaches trace it back at least three decades.",
        {"back three"},
        "The coach picked a back three of tall defenders.",
        {"back three"},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_expression_is_found_only_where_the_text_has_it(analyzer, case: str) -> None:  # type: ignore[no-untyped-def]
    text, absent, uses, present = CASES[case]
    found = _phrases(analyzer, text)
    assert not absent & found, found
    true = _phrases(analyzer, uses)
    assert present <= true, true
