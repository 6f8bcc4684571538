"""The short START-HERE note put on a stick in each chosen language: what it is, how to open it, panic, what remains."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from safelib.core.languages import parse_language
from safelib.core.library import language_matches
from safelib.core.settings import OPTIONS_BY_KEY

RLM = "\u200f"  # starts each right-to-left line, so editors that guess the direction guess right


@dataclass(frozen=True)
class Launch:
    """How one platform's program is opened from the stick: its folder and its file."""

    platform: str
    folder: str
    program: str


@dataclass(frozen=True)
class NoteText:
    """Every sentence of the note in one language; `{…}` fields are filled in when it is written."""

    title: str
    what: str
    what_disguised: str
    how_to_open: str
    windows: str
    macos: str
    linux: str
    panic_with_escape: str
    panic: str
    after_panic_decoy: str
    after_panic_quit: str
    settings: str
    found: str
    records_title: str
    records: tuple[str, ...]


# The calculator's way back ("0 0 0 =") is ui/decoy.py's NO_PIN_CODE; a test keeps the two the same.
TEXTS: dict[str, NoteText] = {
    "en": NoteText(
        title="Start here",
        what=(
            "This stick holds {program}, a library of guides on digital and physical safety, sexual health and asylum. "
            "It works without the internet, installs nothing and leaves no files on the computer."
        ),
        what_disguised=(
            "This stick holds the reading program you were told about. "
            "It works without the internet, installs nothing and leaves no files on the computer."
        ),
        how_to_open="How to open it:",
        windows=(
            "Windows: open the folder «{folder}» and double-click «{program}». If Windows says it protected your PC, "
            "choose «More info» and then «Run anyway». It needs 64-bit Windows 10 (version 1809 or newer) or Windows 11; "
            "it does not start on Windows 7, 8 or 8.1."
        ),
        macos=(
            "Mac: open the folder «{folder}», hold the Control key, click «{program}» and choose «Open». If the Mac "
            "still refuses, open System Settings, then Privacy & Security, and choose «Open Anyway»."
        ),
        linux="Linux: open the folder «{folder}» and run «{program}».",
        panic_with_escape="To hide it at once, press Esc twice quickly, or {shortcut}.",
        panic="To hide it at once, press {shortcut}.",
        after_panic_decoy=(
            "The window disappears, what you were reading is wiped, and a calculator appears in its place. To come back, "
            "type 0 0 0 and then = in the calculator (you can choose your own PIN in Settings)."
        ),
        after_panic_quit="The window disappears and the program closes.",
        settings=(
            "It saves nothing unless you choose «Remember my settings on this stick» in Settings; "
            "then your settings are kept on this stick only."
        ),
        found=(
            "Anyone who finds this stick can open it. Keep it somewhere safe. Deleting files from a stick does not "
            "really erase them: to get rid of it, break it."
        ),
        records_title="What the computer may still record:",
        records=(
            "Windows keeps lists of the programs that were started (Prefetch, recent programs) and of the USB sticks "
            "that were plugged in.",
            "A Mac may keep the program's window state and a list of recently used programs.",
            "Clipboard history (Windows: Win+V) or cloud sync may keep text you copied. The panic key clears what you "
            "copied from the program.",
            "Spying software already on the computer can see everything. Use a computer you trust when you can.",
        ),
    ),
    "ar": NoteText(
        title="ابدأ من هنا",
        what=(
            "تحتوي ذاكرة USB هذه على برنامج {program}، وهو مكتبة من الأدلة حول الأمان الرقمي والجسدي والصحة الجنسية "
            "واللجوء. يعمل البرنامج دون إنترنت، ولا يحتاج إلى تثبيت، ولا يترك أي ملفات على الحاسوب."
        ),
        what_disguised=(
            "تحتوي ذاكرة USB هذه على برنامج القراءة الذي أُخبرت عنه. يعمل دون إنترنت، ولا يحتاج إلى تثبيت، "
            "ولا يترك أي ملفات على الحاسوب."
        ),
        how_to_open="طريقة فتحه:",
        windows=(
            "ويندوز: افتح المجلد «{folder}» وانقر نقرًا مزدوجًا على «{program}». إذا ظهرت رسالة تقول إن ويندوز قد حمى "
            "جهازك، فاختر «مزيد من المعلومات» (More info) ثم «تشغيل على أي حال» (Run anyway). يحتاج البرنامج إلى ويندوز 10 "
            "بنظام 64 بت (الإصدار 1809 أو أحدث) أو ويندوز 11، ولا يعمل على ويندوز 7 أو 8 أو 8.1."
        ),
        macos=(
            "ماك: افتح المجلد «{folder}»، ثم اضغط على «{program}» مع الاستمرار في الضغط على مفتاح Control واختر «فتح» "
            "(Open). إذا رفض الجهاز فتحه، فافتح إعدادات النظام ثم «الخصوصية والأمن» واختر «فتح على أي حال» (Open Anyway)."
        ),
        linux="لينكس: افتح المجلد «{folder}» وشغّل «{program}».",
        panic_with_escape="لإخفائه فورًا، اضغط مفتاح Esc مرتين بسرعة، أو {shortcut}.",
        panic="لإخفائه فورًا، اضغط {shortcut}.",
        after_panic_decoy=(
            "تختفي النافذة ويُمحى ما كنت تقرؤه، وتظهر الآلة الحاسبة مكانها. للعودة، اكتب 0 0 0 ثم = في الآلة الحاسبة "
            "(يمكنك اختيار رقمك السري الخاص في الإعدادات)."
        ),
        after_panic_quit="تختفي النافذة ويُغلَق البرنامج.",
        settings=(
            "لا يحفظ البرنامج شيئًا إلا إذا اخترت «تذكّر إعداداتي على هذه الذاكرة» في الإعدادات، "
            "وعندها تُحفظ إعداداتك على هذه الذاكرة فقط."
        ),
        found=(
            "يستطيع أي شخص يجد هذه الذاكرة أن يفتحها، فاحفظها في مكان آمن. حذف الملفات من الذاكرة لا يمحوها فعلًا: "
            "إذا أردت التخلص منها، فاكسرها."
        ),
        records_title="ما قد يسجّله الحاسوب رغم ذلك:",
        records=(
            "يحتفظ ويندوز بقوائم البرامج التي شُغّلت (Prefetch والبرامج الأخيرة) وبقوائم ذاكرات USB التي وُصلت به.",
            "قد يحتفظ جهاز ماك بحالة نافذة البرنامج وبقائمة البرامج المستخدمة مؤخرًا.",
            "قد يحتفظ سجل الحافظة (في ويندوز: Win+V) أو المزامنة السحابية بالنصوص التي نسختها. زر الطوارئ يمسح ما "
            "نسخته من البرنامج.",
            "برامج التجسس المثبّتة مسبقًا على الحاسوب ترى كل شيء. استخدم حاسوبًا تثق به متى استطعت.",
        ),
    ),
    "ckb": NoteText(
        title="لێرەوە دەست پێ بکە",
        what=(
            "بەرنامەی {program} لەسەر ئەم فلاشەیە؛ کتێبخانەیەکە لە ڕێنمایی دەربارەی سەلامەتیی دیجیتاڵی و جەستەیی، "
            "تەندروستیی سێکسی و پەنابەری. بێ ئینتەرنێت کار دەکات، پێویستی بە دامەزراندن نییە و هیچ فایلێک لەسەر "
            "کۆمپیوتەرەکە بەجێ ناهێڵێت."
        ),
        what_disguised=(
            "ئەو بەرنامەی خوێندنەوەیەی کە باسی بۆت کرا لەسەر ئەم فلاشەیە. بێ ئینتەرنێت کار دەکات، پێویستی بە "
            "دامەزراندن نییە و هیچ فایلێک لەسەر کۆمپیوتەرەکە بەجێ ناهێڵێت."
        ),
        how_to_open="چۆن بیکەیتەوە:",
        windows=(
            "ویندۆز: فۆڵدەری «{folder}» بکەرەوە و دوو جار کلیک لەسەر «{program}» بکە. ئەگەر ویندۆز وتی کە "
            "کۆمپیوتەرەکەی پاراستووە، «More info» هەڵبژێرە و پاشان «Run anyway». بەرنامەکە پێویستی بە ویندۆز 10ی "
            "64 بیت (وەشانی 1809 یان نوێتر) یان ویندۆز 11 هەیە؛ لەسەر ویندۆز 7، 8 یان 8.1 کار ناکات."
        ),
        macos=(
            "ماک: فۆڵدەری «{folder}» بکەرەوە، دوگمەی Control دابگرە، کلیک لەسەر «{program}» بکە و «Open» هەڵبژێرە. "
            "ئەگەر ماکەکە هێشتا ڕێگە نەدات، System Settings بکەرەوە، بچۆ بۆ Privacy & Security و «Open Anyway» هەڵبژێرە."
        ),
        linux="لینوکس: فۆڵدەری «{folder}» بکەرەوە و «{program}» کارپێبکە.",
        panic_with_escape="بۆ ئەوەی یەکسەر بیشاریتەوە، دوو جار بە خێرایی Esc لێبدە، یان {shortcut} لێبدە.",
        panic="بۆ ئەوەی یەکسەر بیشاریتەوە، {shortcut} لێبدە.",
        after_panic_decoy=(
            "پەنجەرەکە ون دەبێت، ئەوەی دەتخوێندەوە دەسڕێتەوە و ژمێرەرێک لە جێگەیدا دەردەکەوێت. بۆ گەڕانەوە، لە "
            "ژمێرەرەکەدا 0 0 0 و پاشان = بنووسە (دەتوانیت لە ڕێکخستنەکاندا PINی خۆت هەڵبژێریت)."
        ),
        after_panic_quit="پەنجەرەکە ون دەبێت و بەرنامەکە دادەخرێت.",
        settings=(
            "بەرنامەکە هیچ شتێک هەڵناگرێت مەگەر لە ڕێکخستنەکاندا «ڕێکخستنەکانم لەسەر ئەم فلاشە لەبیر بێت» هەڵبژێریت؛ "
            "ئەو کاتە ڕێکخستنەکانت تەنها لەسەر ئەم فلاشە هەڵدەگیرێن."
        ),
        found=(
            "هەر کەسێک ئەم فلاشە بدۆزێتەوە دەتوانێت بیکاتەوە، بۆیە لە شوێنێکی سەلامەتدا هەڵیبگرە. سڕینەوەی فایلەکان "
            "لەسەر فلاش بە ڕاستی نایانفەوتێنێت: ئەگەر دەتەوێت لێی ڕزگارت بێت، بیشکێنە."
        ),
        records_title="ئەوەی کە لەوانەیە کۆمپیوتەرەکە هێشتا تۆماری بکات:",
        records=(
            "ویندۆز لیستی ئەو بەرنامانەی کە کراونەتەوە (Prefetch، دوایین بەرنامەکان) و ئەو فلاشانەی کە پێیەوە "
            "بەستراون هەڵدەگرێت.",
            "ماک لەوانەیە باری پەنجەرەی بەرنامەکە و لیستی ئەو بەرنامانەی کە دوایین جار بەکارهاتوون هەڵبگرێت.",
            "مێژووی کلیپبۆرد (لە ویندۆز: Win+V) یان هاوکاتکردن لەگەڵ هەور لەوانەیە ئەو دەقانە هەڵبگرێت کە کۆپیت "
            "کردوون. دوگمەی مەترسی ئەوە دەسڕێتەوە کە لە بەرنامەکەوە کۆپیت کردووە.",
            "نەرمەکاڵای سیخوڕی کە پێشتر لەسەر کۆمپیوتەرەکە دامەزرابێت هەموو شتێک دەبینێت. هەر کاتێک توانیت، "
            "کۆمپیوتەرێک بەکاربهێنە کە متمانەت پێی هەیە.",
        ),
    ),
    "kmr": NoteText(
        title="Ji vir dest pê bike",
        what=(
            "Li ser vê flaşê bernameya {program} heye: pirtûkxaneyeke rêberan li ser ewlehiya dîjîtal û fizîkî, "
            "tenduristiya cinsî û penaberiyê. Bêyî înternetê dixebite, ne hewce ye ku were sazkirin û tu pelan li ser "
            "komputerê nahêle."
        ),
        what_disguised=(
            "Li ser vê flaşê ew bernameya xwendinê heye ku ji te re hatibû gotin. Bêyî înternetê dixebite, ne hewce ye "
            "ku were sazkirin û tu pelan li ser komputerê nahêle."
        ),
        how_to_open="Çawa vekî:",
        windows=(
            "Windows: peldanka «{folder}» veke û du caran li ser «{program}» bitikîne. Heke Windows bibêje ku "
            "komputera te parastiye, «More info» û paşê «Run anyway» hilbijêre. Bername Windows 10-a 64-bit (guhertoya "
            "1809 an nûtir) an jî Windows 11 hewce dike; li ser Windows 7, 8 an 8.1 naxebite."
        ),
        macos=(
            "Mac: peldanka «{folder}» veke, bişkoka Control bigire, li ser «{program}» bitikîne û «Open» hilbijêre. "
            "Heke Mac dîsa jî qebûl neke, System Settings veke, here Privacy & Security û «Open Anyway» hilbijêre."
        ),
        linux="Linux: peldanka «{folder}» veke û «{program}» bixebitîne.",
        panic_with_escape="Ji bo ku wê di cih de veşêrî, du caran bi lez Esc bitikîne, an jî {shortcut}.",
        panic="Ji bo ku wê di cih de veşêrî, {shortcut} bitikîne.",
        after_panic_decoy=(
            "Pencere winda dibe, tiştê ku te dixwend tê jêbirin û li şûna wê hesabkerek xuya dibe. Ji bo vegerê, di "
            "hesabkerê de 0 0 0 û paşê = binivîse (di Mîhengan de tu dikarî PIN-a xwe hilbijêrî)."
        ),
        after_panic_quit="Pencere winda dibe û bername tê girtin.",
        settings=(
            "Bername tiştekî tomar nake heta ku tu di Mîhengan de «Mîhengên min li ser vê flaşê bîne bîra xwe» "
            "hilbijêrî; wê demê mîhengên te tenê li ser vê flaşê tên hilanîn."
        ),
        found=(
            "Her kesê ku vê flaşê bibîne dikare wê veke, ji ber vê yekê wê li cihekî ewle biparêze. Jêbirina pelan ji "
            "flaşê wan bi rastî tune nake: heke tu dixwazî jê xilas bibî, wê bişkîne."
        ),
        records_title="Tiştên ku komputer dîsa jî dikare tomar bike:",
        records=(
            "Windows lîsteya bernameyên ku hatine vekirin (Prefetch, bernameyên dawî) û ya flaşên USB yên ku pê ve "
            "hatine girêdan diparêze.",
            "Mac dikare rewşa pencereya bernameyê û lîsteya bernameyên ku herî dawî hatine bikaranîn biparêze.",
            "Dîroka clipboardê (li Windows: Win+V) an hevdemkirina bi ewrê re dikare nivîsên ku te kopî kirine "
            "biparêze. Bişkoka panîkê tiştê ku te ji bernameyê kopî kiriye paqij dike.",
            "Nermalava sîxuriyê ya ku berê li ser komputerê hatiye sazkirin dikare her tiştî bibîne. Gava ku tu "
            "dikarî, komputereke ku tu pê bawer dikî bi kar bîne.",
        ),
    ),
}


def note_language(tag: str) -> str | None:
    """The note language for a pack language tag (`ckb-IQ` → `ckb`, `ku` → `kmr`), None when there is no note."""
    return next((language for language in TEXTS if language_matches(tag, language) or language_matches(language, tag)), None)


def note_file_name(language: str, disguised: bool) -> str:
    """`START-HERE-en.txt`, or `README-en.txt` on a disguised stick (a name that says nothing)."""
    return f"{'README' if disguised else 'START-HERE'}-{language}.txt"


def render_note(language: str, launches: Sequence[Launch], program: str | None) -> bytes:
    """The note as a file: UTF-8 with a byte-order mark and CRLF lines, which even old Windows Notepad shows right.

    `program` is the name to introduce the library by; None on a disguised stick, whose note does not say what it holds.
    """
    text = TEXTS[language]
    shortcut = OPTIONS_BY_KEY["panic_shortcut"].default
    panic = text.panic_with_escape if OPTIONS_BY_KEY["panic_double_escape"].default else text.panic
    after = text.after_panic_decoy if OPTIONS_BY_KEY["panic_action"].default == "decoy" else text.after_panic_quit
    opening = [getattr(text, launch.platform).format(folder=launch.folder, program=launch.program) for launch in launches]
    paragraphs = [
        text.title,
        text.what.format(program=program) if program else text.what_disguised,
        "\n".join([text.how_to_open, *(f"- {line}" for line in opening)]),
        f"{panic.format(shortcut=shortcut)} {after}",
        text.settings,
        text.found,
        "\n".join([text.records_title, *(f"- {line}" for line in text.records)]),
    ]
    lines = "\n\n".join(paragraphs).split("\n")
    if parse_language(language).direction == "rtl":
        lines = [RLM + line if line else line for line in lines]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
