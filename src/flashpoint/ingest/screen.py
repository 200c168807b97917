"""Screening a document before it is coded: valid Unicode, a sane length, and English.

Flashpoint's parser, lexicon and knowledge bases are English. A report in Hindi, Urdu, Arabic or
Chinese run through them yields nonsense (or nothing) that looks like "no events", so such a
report is recorded as a failure naming its language instead of being coded as English.

The language check is light and offline, with no model to ship:

1. **Script.** Letters are counted by Unicode script over the first :data:`SAMPLE_CHARS`
   characters. When fewer than half of them are Latin, the text is not English: the dominant
   script names it (Devanagari: Hindi; Arabic script: Urdu, Persian or Arabic by the letters only
   each of them uses; Han without kana: Chinese; kana: Japanese; Hangul: Korean; Cyrillic,
   Greek, Hebrew, Thai, Bengali, Tamil, ... by script name).
2. **Function words.** A Latin-script text of at least :data:`MIN_WORDS` words is another
   language when the function words of French, Spanish, Portuguese, German, Italian, Indonesian,
   Turkish or Dutch make up at least :data:`MIN_OTHER_SHARE` of its words and outnumber the
   English ones ("the", "of", "and", "said", ...). News English has 20-45 % English function
   words and at most a twentieth as many of any other language's. Otherwise the text is taken
   as English: a Latin-script language without a word list here (Polish, Swahili, Vietnamese,
   ...) is not recognised, nor is a text with no function words at all (a list of names), which
   simply yields no events. Shorter texts (headlines, one-line claims) are always taken as
   English: too few words to judge.

A text with no letters at all is left alone: it is coded and simply yields no events.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flashpoint.settings import DEFAULT_MAX_TEXT_CHARS, max_text_chars  # noqa: F401 - part of this API

#: Characters examined for the language check (the start of a report says what it is written in).
SAMPLE_CHARS = 20_000
#: A Latin-script text needs this many words before the function-word test applies.
MIN_WORDS = 40
#: A Latin-script text is another language when that language's function words make up at least
#: this share of its words and outnumber the English ones.
MIN_OTHER_SHARE = 0.04

_SURROGATE = re.compile("[\ud800-\udfff]")
_WORD = re.compile(r"[^\W\d_]+")

ENGLISH = frozenset(
    "the of and to a in is was for on that with by at as from his her its it be are were has have had "
    "not but an this he she they their said will would after over who which into against about been "
    "also than more or two one we our there when up out new some".split()
)
OTHER_LATIN = {
    "French": frozenset("le la les des et est une du dans pour que qui sur au aux avec par ce pas sont été".split()),
    "Spanish": frozenset("el los las del y es una por con para que se su lo como más pero fue".split()),
    "Portuguese": frozenset("os das dos uma com para que não por ao se foi pelo pela mais ele ela".split()),
    "German": frozenset("der die das und ist nicht ein eine mit den dem von zu sich auf für des im".split()),
    "Italian": frozenset("il di che è per una sono gli della del con non si nel alla anche".split()),
    "Indonesian": frozenset("yang dan di dengan untuk dari ini itu dalam tidak akan pada juga ke".split()),
    "Turkish": frozenset("ve bir bu da de ile için olarak olan gibi daha çok ama sonra".split()),
    "Dutch": frozenset("de het een en van niet dat op te zijn met voor ook aan".split()),
}

#: Names for the scripts the issue tracker meets most; others are named by their Unicode block.
_LANG_OF_SCRIPT = {
    "DEVANAGARI": ("hi", "Hindi"), "BENGALI": ("bn", "Bengali"), "GURMUKHI": ("pa", "Punjabi"),
    "GUJARATI": ("gu", "Gujarati"), "TAMIL": ("ta", "Tamil"), "TELUGU": ("te", "Telugu"),
    "KANNADA": ("kn", "Kannada"), "MALAYALAM": ("ml", "Malayalam"), "SINHALA": ("si", "Sinhala"),
    "CJK": ("zh", "Chinese"), "HIRAGANA": ("ja", "Japanese"), "KATAKANA": ("ja", "Japanese"),
    "HANGUL": ("ko", "Korean"), "CYRILLIC": ("ru", "Russian or another Cyrillic-script language"),
    "GREEK": ("el", "Greek"), "HEBREW": ("he", "Hebrew"), "THAI": ("th", "Thai"),
    "ARMENIAN": ("hy", "Armenian"), "GEORGIAN": ("ka", "Georgian"), "ETHIOPIC": ("am", "Amharic"),
    "KHMER": ("km", "Khmer"), "LAO": ("lo", "Lao"), "MYANMAR": ("my", "Burmese"), "TIBETAN": ("bo", "Tibetan"),
}
_URDU_ONLY = set("ٹڈڑںےہھ")  # letters Urdu writes and Arabic and Persian do not
_PERSIAN_ONLY = set("پچژگکی")  # Persian (and Urdu) letters Arabic does not use
_ARABIC_ONLY = set("ةيك")  # Arabic's own ta marbuta, ya and kaf


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """``code`` is an ISO 639-1 code (``en`` for English, ``und`` when unknown); ``supported``
    says whether Flashpoint codes it; ``why`` is the evidence, for a failure's reason."""

    code: str
    name: str
    supported: bool
    why: str


def valid_unicode(text: str) -> str:
    """``text`` with unpaired UTF-16 surrogates (which a JSON ``\\ud800`` escape or an undecodable
    file name can carry) replaced by U+FFFD, one for one, so every offset stays where it was.
    Surrogates cannot be encoded as UTF-8: the parser and the database would refuse them."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _script(char: str) -> str:
    code = ord(char)
    if code < 0x250 or 0x1E00 <= code <= 0x1EFF or 0xFF21 <= code <= 0xFF5A:
        return "LATIN"
    if 0x600 <= code <= 0x6FF or 0x750 <= code <= 0x77F or 0x8A0 <= code <= 0x8FF or 0xFB50 <= code <= 0xFEFF:
        return "ARABIC"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF or 0xF900 <= code <= 0xFAFF:
        return "CJK"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "HANGUL"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text`` from its scripts and, for Latin script, its function words."""
    sample = text[:SAMPLE_CHARS]
    counts: dict[str, int] = {}
    arabic_letters: list[str] = []
    for char in sample:
        if not char.isalpha():
            continue
        script = _script(char)
        counts[script] = counts.get(script, 0) + 1
        if script == "ARABIC":
            arabic_letters.append(char)
    letters = sum(counts.values())
    if not letters:
        return LanguageGuess("und", "no letters", True, "the text has no letters")
    latin = counts.get("LATIN", 0)
    if latin * 2 < letters:
        script, count = max(((s, c) for s, c in counts.items() if s != "LATIN"), key=lambda sc: (sc[1], sc[0]))
        share = f"{count / letters:.0%} of its letters"
        if script == "ARABIC":
            code, name = _arabic_language(arabic_letters)
            return LanguageGuess(code, name, False, f"Arabic script ({share}), probably {name}")
        if script == "CJK" and (counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0)) * 10 > count:
            return LanguageGuess("ja", "Japanese", False, f"Han and kana ({share}), probably Japanese")
        code, name = _LANG_OF_SCRIPT.get(script, ("und", f"a {script.title()}-script language"))
        label = "Han" if script == "CJK" else script.title()
        return LanguageGuess(code, name, False, f"{label} script ({share}), probably {name}")
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return LanguageGuess("en", "English", True, f"Latin script, {len(words)} words (too few to judge)")
    english = sum(w in ENGLISH for w in words) / len(words)
    scores = {name: sum(w in vocab for w in words) / len(words) for name, vocab in OTHER_LATIN.items()}
    best = max(scores, key=lambda name: (scores[name], name))
    other = scores[best]
    if other < MIN_OTHER_SHARE or other <= english:
        return LanguageGuess("en", "English", True, f"{english:.0%} English function words")
    code = {"French": "fr", "Spanish": "es", "Portuguese": "pt", "German": "de", "Italian": "it",
            "Indonesian": "id", "Turkish": "tr", "Dutch": "nl"}[best]
    return LanguageGuess(code, best, False, f"Latin script with {other:.0%} {best} function words against "
                                            f"{english:.0%} English ones in {len(words)} words, probably {best}")


def _arabic_language(letters: list[str]) -> tuple[str, str]:
    chars = set(letters)
    if len(chars & _URDU_ONLY) >= 2 or sum(c in _URDU_ONLY for c in letters) * 50 > len(letters):
        return "ur", "Urdu"
    if chars & _PERSIAN_ONLY and not chars & _ARABIC_ONLY:
        return "fa", "Persian"
    return "ar", "Arabic"


def too_long(text: str) -> str | None:
    """Why ``text`` is too long to code, or None (see :func:`max_text_chars`)."""
    limit = max_text_chars()
    if limit and len(text) > limit:
        return (f"text is too long ({len(text):,} characters, over the {limit:,}-character limit); "
                "split it into one report per file, or raise FLASHPOINT_MAX_TEXT_CHARS")
    return None


def language_reason(text: str) -> tuple[str, str | None]:
    """(language code, why the text is refused, or None when it is English)."""
    guess = detect_language(text)
    if guess.supported:
        return guess.code, None
    return guess.code, f"unsupported language: {guess.why}; Flashpoint codes English only"
