"""Each language's function words (pronouns, question words, light verbs, particles): weak in ranking."""

from __future__ import annotations

from functools import lru_cache

from safelib.core.search.textnorm import fold_loose

# Written as readers type them; compared on the loose key, so spelling variants need not be listed.
_WORDS: dict[str, str] = {
    "en": """
        i me my mine myself you your yours we us our they them their he him his she her it its
        what how where when who whom why which whether is are am was were be been being do does
        did doing have has had having can could should would will shall may might must want wants
        need needs get got make let if then so a an the to of in on at for from with by about into
        and or but not no yes there here this that these those some any anyone someone something
        anything very just also please help tell know think i'm im dont don't can't cant
    """,
    "ar": """
        هل كيف كيفية ماذا ما متى أين وين شنو شلون ليش لماذا لمن من في على إلى الى عن مع أنا انا
        أنت انت انتي نحن احنا هو هي هم هن اذا إذا لو أريد اريد ابي ابغى أحتاج احتاج يمكن يمكنني
        ممكن أستطيع استطيع اقدر أقدر اسوي أفعل افعل اعمل أعمل عندي لدي شي شيء واحد احد كان يكون
        هذا هذه ذلك تلك هاي هذي التي الذي اللي او أو و لا لم لن ان أن إن قد عند بس يعني اي أي
    """,
    "ckb": """
        چۆن چی چییە چیە کێ کەی کوێ لەکوێ بۆچی ئایا من تۆ ئێمە ئێوە ئەو ئەوان دەمەوێت دەمەوێ
        دەتوانم دەتوانین بکەم بکەین چیبکەم دەکەم ئەگەر گەر لە بە بۆ و کە لەگەڵ هەیە نییە یە
        ئەم ئەمە ئەوە هەر یان یا دا ڕا ەوە بێ
    """,
    "kmr": """
        ez tu em hûn ew min te me we wan wî wê çawa çi çiqas kî kengî ku kû çima gelo dikarim
        dikarî dikarin dixwazim dixwazî divê bikim bikin dikim heye hene ye e û an ji li bi di
        de re ra ser bo heke eger ger vê vî ev yê ya yên jî na ne nabe çêbike bike
    """,
}


@lru_cache(maxsize=8)
def function_words(family: str) -> frozenset[str]:
    """The loose keys of a family's function words (empty for languages without a list)."""
    return frozenset(fold_loose(word) for word in _WORDS.get(family, "").split())


def is_function_word(family: str, word: str) -> bool:
    """Whether `word` (as typed) is one of the family's function words."""
    return fold_loose(word) in function_words(family)
