"""The spaCy pipeline, built once per process: blank English, a rule sentence splitter and phrase matchers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.lang.en import English
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from kg.extract.grammar import load_model
from kg.extract.mentions import Cues
from kg.extract.modality import STATUS_ORDER, ModalityCues
from kg.extract.sentences import SENTENCE_COMPONENT, configure_splitter
from kg.extract.words import FunctionWords
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.settings import setting

__all__ = ["Engine", "engine"]


@dataclass
class Engine:
    """Everything extraction needs to read one article: the spaCy pipeline, matchers and data."""

    nlp: Language
    gazetteer: Gazetteer
    names: PhraseMatcher  # gazetteer names, case-insensitive for long names
    exact_names: PhraseMatcher  # short names and acronyms, case-sensitive
    titles: PhraseMatcher
    demonyms: PhraseMatcher
    cues: PhraseMatcher  # deal kinds, signing verbs, status cues: one label per list
    cue_sets: Cues
    modality: ModalityCues
    words: FunctionWords
    grammar: Language | None = None  # the statistical pipeline (parser, NER); None: rules only

    def parse(self, text: str) -> Doc:
        """Tokenize ``text`` and split it into sentences."""
        return self.nlp(text)


class _NationalHyphens:
    """Infix splits plus the hyphen that joins a country or demonym to a word: "French-made", "British-Italian"."""

    _HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")

    def __init__(self, finditer, nationals: list[str]):
        self.base = finditer
        self.nationals = frozenset(w for w in nationals if w.isalpha())

    def finditer(self, text: str) -> list[re.Match]:
        found = list(self.base(text))
        if "-" not in text:
            return found
        for match in self._HYPHEN.finditer(text):
            left = re.search(r"[A-Za-z]+$", text[: match.start()]).group()
            right = re.match(r"[A-Za-z]+", text[match.end() :]).group()
            if left in self.nationals or right in self.nationals:
                found.append(match)
        return sorted(found, key=lambda m: m.start())


def _tokenizer_without_hyphen_split(nlp: Language, abbreviations: list[str], nationals: list[str]) -> None:
    # "Lurigancho-Chosica", "Son Jae-il", "joint-venture" stay one token each.
    infixes = [rule for rule in English.Defaults.infixes if "(?:-|" not in rule]
    infixes.append(r"(?<=\w)(?:—|–|--)(?=\w)")  # a dash between words still splits: "speculative—watch"
    nlp.tokenizer.infix_finditer = _NationalHyphens(compile_infix_regex(infixes).finditer, nationals).finditer
    # A plural model code splits off its "s" so the code matches: "F-16s", "FA-50s", "K9s", "C-130s".
    suffixes = [*English.Defaults.suffixes, r"(?<=[A-Z]-[0-9]{2})s$", r"(?<=[A-Z]-[0-9]{3})s$", r"(?<=[A-Z][0-9])s$"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    for abbreviation in abbreviations:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])


def _phrase_matcher(nlp: Language, attr: str, groups: dict[str, list[str]]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for label, phrases in groups.items():
        if phrases:
            matcher.add(label, list(nlp.tokenizer.pipe(phrases)))
    return matcher


def _is_exact(name: str) -> bool:
    """Short names and acronyms only match as written ("FAME", not "fame")."""
    return len(name) <= 4 or (name.isupper() and " " not in name)


def build_engine(gazetteer: Gazetteer, parser: bool = True) -> Engine:
    """Build the pipeline for ``gazetteer``; ``parser`` adds the statistical parser and NER."""
    nlp = spacy.blank("en")
    abbreviations = gazetteer.words("abbreviations", "abbreviations")
    countries = [e for e in gazetteer.entries if e.type == "Country"]
    nationals = [form for e in countries for form in (*e.surface_forms(), *e.demonyms)]
    _tokenizer_without_hyphen_split(nlp, abbreviations + list(gazetteer.title_abbreviations), nationals)
    configure_splitter(gazetteer)
    nlp.add_pipe(SENTENCE_COMPONENT)
    forms = {form for entry in gazetteer.entries for form in entry.surface_forms()}
    names = _phrase_matcher(nlp, "LOWER", {"NAME": sorted(f for f in forms if not _is_exact(f))})
    exact = _phrase_matcher(nlp, "ORTH", {"NAME": sorted(f for f in forms if _is_exact(f))})
    titles = _phrase_matcher(nlp, "LOWER", {"TITLE": gazetteer.all_titles()})
    demonyms = _phrase_matcher(
        nlp, "ORTH", {"DEMONYM": sorted({d for e in gazetteer.entries for d in e.demonyms})}
    )
    cue_lists: dict[str, list[str]] = {"SIGN": gazetteer.words("deals", "signing_verbs")}
    for kind, words in gazetteer.table("deals", "kinds").items():
        cue_lists[f"KIND_{kind}"] = list(words)
    for status in (*STATUS_ORDER, "negation"):
        cue_lists[f"STATUS_{status}"] = gazetteer.words("modality", status)
    cues = _phrase_matcher(nlp, "LOWER", cue_lists)
    grammar = load_model() if parser else None
    return Engine(
        nlp, gazetteer, names, exact, titles, demonyms, cues, Cues(gazetteer), ModalityCues.load(gazetteer),
        FunctionWords.load(gazetteer), grammar
    )


@cache
def engine() -> Engine:
    """The process-wide engine over the project's data (built on first use); setting ``parser`` off: rules only."""
    return build_engine(load_gazetteer(), parser=setting("parser") != "off")
