"""The code card of a vault kit: its code and how to open the stick, in the kit's languages; never written on the stick."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from safelib.core.languages import parse_language
from safelib.core.usb.notes import RLM, TEXTS, Launch
from safelib.core.vault.codes import group_code

CARD_SUFFIX = ".code-card.txt"


@dataclass(frozen=True)
class CardText:
    """The card's sentences in one language; the note's own sentences say how to start the program on each system."""

    title: str
    unlock: str
    keep: str


CARD_TEXTS: dict[str, CardText] = {
    "en": CardText(
        title="The code for your stick",
        unlock=(
            "The program on the stick is a calculator. Type the code above on it, then =, and the library opens. "
            "Any other number is just calculated."
        ),
        keep=(
            "Learn the code by heart, then destroy this card. Never carry it with the stick: anyone who has both can "
            "read everything on it."
        ),
    ),
    "ar": CardText(
        title="رمز ذاكرة USB الخاصة بك",
        unlock=(
            "البرنامج الموجود على الذاكرة آلة حاسبة. اكتب فيها الرمز المكتوب أعلاه ثم =، فتُفتح المكتبة. أي رقم آخر يُحسب فقط."
        ),
        keep=(
            "احفظ الرمز عن ظهر قلب، ثم أتلف هذه البطاقة. لا تحملها أبدًا مع الذاكرة: من يملك الاثنين يستطيع أن يقرأ كل ما عليها."
        ),
    ),
    "ckb": CardText(
        title="کۆدی فلاشەکەت",
        unlock=(
            "بەرنامەکەی سەر فلاشەکە ژمێرەرێکە. کۆدەکەی سەرەوە تێیدا بنووسە و پاشان =، کتێبخانەکە دەکرێتەوە. "
            "هەر ژمارەیەکی تر تەنها حیساب دەکرێت."
        ),
        keep=(
            "کۆدەکە لەبەر بکە، پاشان ئەم کارتە لەناو ببە. هەرگیز لەگەڵ فلاشەکەدا هەڵی مەگرە: هەر کەسێک هەردووکیانی "
            "هەبێت دەتوانێت هەموو شتێکی سەری بخوێنێتەوە."
        ),
    ),
    "kmr": CardText(
        title="Koda flaşa te",
        unlock=(
            "Bernameya li ser flaşê hesabkerek e. Koda li jor tê de binivîse, paşê =, û pirtûkxane vedibe. "
            "Her hejmareke din tenê tê hesabkirin."
        ),
        keep=(
            "Kodê ji ber bike, paşê vê kartê tune bike. Tu carî wê bi flaşê re hilnegire: kesê ku herdu jî hebin dikare "
            "her tiştê li ser wê bixwîne."
        ),
    ),
}


def card_path(target: Path) -> Path:
    """Where the card of a kit built into `target` goes: beside the kit folder, never inside it."""
    return target.parent / f"{target.name}{CARD_SUFFIX}"


def render_card(code: str, languages: Sequence[str], launches: Sequence[Launch]) -> bytes:
    """The card as UTF-8 with a byte-order mark and CRLF lines; its first line is the code alone.

    So the card itself can be given to `safelib vault rekey --code-file` when each stick gets its own code.
    """
    blocks = [group_code(code)]
    for language in [tag for tag in CARD_TEXTS if tag in languages or tag == "en"]:
        text, note = CARD_TEXTS[language], TEXTS[language]
        opening = [getattr(note, launch.platform).format(folder=launch.folder, program=launch.program) for launch in launches]
        lines = [text.title, "", f"  {group_code(code)}", "", text.unlock, "", note.how_to_open]
        lines += [*(f"- {line}" for line in opening), "", text.keep]
        if parse_language(language).direction == "rtl":
            lines = [RLM + line if line else line for line in lines]
        blocks.append("\n".join(lines))
    return ("\ufeff" + "\r\n".join("\n\n".join(blocks).split("\n")) + "\r\n").encode("utf-8")
