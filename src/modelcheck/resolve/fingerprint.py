"""Resolution stage: identify a LICENSE file (or Modelfile LICENSE block) by fingerprints.

Fingerprints are short title lines and distinctive phrases (version lines, release dates)
chosen by us; no licence text is stored. The text is normalised (lower case, punctuation
folded to spaces, ``+`` kept) and a rule matches when all of its phrases occur. Rules are
ordered most specific first (a Llama 3.1 text before the generic "community license", LGPL
before GPL, the RAIL variants before Apache, which they are derived from), and the first
match wins. The result is a vocabulary key; keys for licences without a Hub id follow the
slugs seen on cards (licence-facts.md §29).
"""

from __future__ import annotations

import re
from modelcheck.record import frozen

MAX_TEXT = 2_000_000  # characters read from a licence file
_HEAD = 6_000  # title lines must occur near the top
_FOLD = re.compile(r"[^a-z0-9+]+")


@frozen
class FingerprintMatch:
    key: str  # vocabulary key, e.g. "llama3.1"
    phrase: str  # the phrase that identified it (for explanations)


# (key, phrases that must all occur, True when the first phrase must be in the head)
_RULES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    # Meta Llama: title plus version release/effective date line.
    ("llama4", ("llama 4 community license agreement", "llama 4 version effective date"), True),
    ("llama3.3", ("llama 3 3 community license agreement", "llama 3 3 version release date"), True),
    ("llama3.2", ("llama 3 2 community license agreement", "llama 3 2 version release date"), True),
    ("llama3.1", ("llama 3 1 community license agreement", "llama 3 1 version release date"), True),
    ("llama3", ("meta llama 3 community license agreement", "meta llama 3 version release date"), True),
    ("llama2", ("llama 2 community license agreement", "llama 2 version release date"), True),
    ("llama-license", ("llama license agreement", "non commercial"), True),
    # Google Gemma.
    ("gemma", ("gemma terms of use", "ai google dev gemma"), True),
    # RAIL family (Apache-derived: must come before Apache).
    ("openrail++", ("creativeml open rail++ m license",), True),
    ("creativeml-openrail-m", ("creativeml open rail m license",), True),
    ("bigcode-openrail-m", ("bigcode open rail m v1 license agreement",), True),
    ("bigscience-openrail-m", ("bigscience open rail m license",), True),
    ("bigscience-bloom-rail-1.0", ("bigscience rail license v1 0",), True),
    # Vendor licences.
    ("sai-nc-community", ("stability ai non commercial research community license",), True),
    ("stabilityai-ai-community", ("stability ai community license agreement",), True),
    ("falcon-180b-license", ("falcon 180b tii license",), True),
    ("falcon-2-11b-license", ("falcon 2 11b tii license",), True),
    ("falcon-llm-license", ("tii falcon license",), True),
    ("tongyi-qianwen-research", ("tongyi qianwen research license agreement",), True),
    ("tongyi-qianwen", ("tongyi qianwen license agreement",), True),
    ("qwen-research", ("qwen research license agreement",), True),
    ("qwen", ("qwen license agreement",), True),
    ("deepseek", ("deepseek license agreement",), True),
    ("mrl", ("mistral ai research license",), True),
    ("mnpl", ("mistral ai non production license",), True),
    ("nvidia-open-model-license", ("nvidia open model license agreement",), True),
    ("flux-1-dev-non-commercial-license", ("flux 1 dev non commercial license",), True),
    ("grok2-community", ("grok 2 community license agreement",), True),
    ("apple-amlr", ("apple machine learning research model license agreement",), True),
    # Creative Commons 4.0 (longest names first).
    ("cc-by-nc-sa-4.0", ("attribution noncommercial sharealike 4 0 international",), True),
    ("cc-by-nc-nd-4.0", ("attribution noncommercial noderivatives 4 0 international",), True),
    ("cc-by-nc-4.0", ("attribution noncommercial 4 0 international",), True),
    ("cc-by-nd-4.0", ("attribution noderivatives 4 0 international",), True),
    ("cc-by-sa-4.0", ("attribution sharealike 4 0 international",), True),
    ("cc-by-4.0", ("creative commons attribution 4 0 international",), True),
    ("cc0-1.0", ("cc0 1 0 universal",), True),
    # GNU family: Affero and Lesser before plain GPL.
    ("agpl-3.0", ("gnu affero general public license", "version 3 19 november 2007"), True),
    ("lgpl-3.0", ("gnu lesser general public license", "version 3 29 june 2007"), True),
    ("lgpl-2.1", ("gnu lesser general public license", "version 2 1 february 1999"), True),
    ("gpl-3.0", ("gnu general public license", "version 3 29 june 2007"), True),
    ("gpl-2.0", ("gnu general public license", "version 2 june 1991"), True),
    ("mpl-2.0", ("mozilla public license version 2 0",), True),
    # Permissive.
    ("apache-2.0", ("apache license", "version 2 0 january 2004"), True),
    ("apache-2.0", ("licensed under the apache license version 2 0",), False),
    # "Modified MIT" texts embed the MIT grant plus extra conditions: never report them as MIT.
    ("moonshot-modified-mit", ("modified mit license", "kimi k2"), True),
    ("", ("modified mit license",), True),  # recognised as not plain MIT, variant unknown
    ("bsd-3-clause-clear", ("no express or implied licenses to any party s patent rights",), False),
    (
        "bsd-3-clause",
        ("redistribution and use in source and binary forms", "neither the name of"),
        False,
    ),
    ("bsd-2-clause", ("redistribution and use in source and binary forms",), False),
    (
        "mit",
        ("permission is hereby granted free of charge to any person obtaining a copy",),
        False,
    ),
)


def normalise(text: str) -> str:
    """Lower-case, punctuation and whitespace folded to single spaces."""
    return " " + _FOLD.sub(" ", text[:MAX_TEXT].lower()).strip() + " "


def identify(text: str) -> FingerprintMatch | None:
    """The licence a text is, by its fingerprints; None when no fingerprint matches."""
    norm = normalise(text)
    head = norm[:_HEAD]
    for key, phrases, in_head in _RULES:
        first = f" {phrases[0]} "
        if first not in (head if in_head else norm):
            continue
        if all(f" {p} " in norm for p in phrases[1:]):
            return FingerprintMatch(key, phrases[0]) if key else None
    return None


def fingerprint_keys() -> tuple[str, ...]:
    """Every key a fingerprint can produce (to check against the vocabulary)."""
    return tuple(dict.fromkeys(key for key, _, _ in _RULES if key))
