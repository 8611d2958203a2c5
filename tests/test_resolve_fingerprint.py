"""Licence-text fingerprints, on short synthetic documents we wrote (no real licence texts)."""

from __future__ import annotations

import pytest

from modelcheck.resolve.fingerprint import fingerprint_keys, identify

FILLER = "Some terms and conditions follow here, written only for this test.\n" * 5

CASES = {
    "llama2": "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023\n",
    "llama3": "META LLAMA 3 COMMUNITY LICENSE AGREEMENT\nMeta Llama 3 Version Release Date: April 18, 2024\n",
    "llama3.1": "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n",
    "llama3.2": "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024\n",
    "llama3.3": "LLAMA 3.3 COMMUNITY LICENSE AGREEMENT\nLlama 3.3 Version Release Date: December 6, 2024\n",
    "llama4": "LLAMA 4 COMMUNITY LICENSE AGREEMENT\nLlama 4 Version Effective Date: April 5, 2025\n",
    "gemma": "Gemma Terms of Use\nSee ai.google.dev/gemma/terms for details.\n",
    "apache-2.0": "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n",
    "mit": "Copyright (c) 2026 Example\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n",
    "bsd-3-clause": "Redistribution and use in source and binary forms, with or without modification...\n"
    "3. Neither the name of the copyright holder nor ...\n",
    "bsd-2-clause": "Redistribution and use in source and binary forms, with or without modification...\n",
    "gpl-3.0": "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n",
    "gpl-2.0": "GNU GENERAL PUBLIC LICENSE\nVersion 2, June 1991\n",
    "lgpl-3.0": "GNU LESSER GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n",
    "lgpl-2.1": "GNU LESSER GENERAL PUBLIC LICENSE\nVersion 2.1, February 1999\n",
    "agpl-3.0": "GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n",
    "mpl-2.0": "Mozilla Public License Version 2.0\n==================================\n",
    "cc-by-4.0": "Creative Commons Attribution 4.0 International Public License\n",
    "cc-by-sa-4.0": "Creative Commons Attribution-ShareAlike 4.0 International Public License\n",
    "cc-by-nc-4.0": "Creative Commons Attribution-NonCommercial 4.0 International Public License\n",
    "cc-by-nd-4.0": "Creative Commons Attribution-NoDerivatives 4.0 International Public License\n",
    "cc-by-nc-sa-4.0": "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International Public License\n",
    "cc-by-nc-nd-4.0": "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International Public License\n",
    "creativeml-openrail-m": "CreativeML Open RAIL-M License\ndated August 22, 2022\n",
    "openrail++": "CreativeML Open RAIL++-M License\ndated November 24, 2022\n",
    "bigscience-openrail-m": "BigScience Open RAIL-M License\ndated August 18, 2022\n",
    "bigscience-bloom-rail-1.0": "BigScience RAIL License v1.0\ndated May 19, 2022\n",
    "bigcode-openrail-m": "BigCode Open RAIL-M v1 License Agreement\n",
    "stabilityai-ai-community": "STABILITY AI COMMUNITY LICENSE AGREEMENT\nLast Updated: July 5, 2024\n",
    "sai-nc-community": "STABILITY AI NON-COMMERCIAL RESEARCH COMMUNITY LICENSE AGREEMENT\n",
    "falcon-180b-license": "Falcon-180B TII License Version 1.0\n",
    "tongyi-qianwen": "Tongyi Qianwen LICENSE AGREEMENT\n",
    "tongyi-qianwen-research": "Tongyi Qianwen RESEARCH LICENSE AGREEMENT\n",
    "qwen": "Qwen LICENSE AGREEMENT\n",
    "qwen-research": "Qwen RESEARCH LICENSE AGREEMENT\n",
    "deepseek": "DEEPSEEK LICENSE AGREEMENT\nVersion 1.0, 23 October 2023\n",
    "mrl": "Mistral AI Research License\n",
    "mnpl": "Mistral AI Non-Production License\n",
    "nvidia-open-model-license": "NVIDIA Open Model License Agreement\n",
}


@pytest.mark.parametrize("key", sorted(CASES))
def test_identifies(key: str) -> None:
    match = identify(CASES[key] + FILLER)
    assert match is not None and match.key == key


def test_every_case_key_is_a_fingerprint_key() -> None:
    assert set(CASES) <= set(fingerprint_keys())


def test_llama_title_without_version_line_is_not_enough() -> None:
    assert identify("LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\n" + FILLER) is None


def test_apache_notice_header_anywhere() -> None:
    text = "Copyright 2026 Acme\n" + FILLER + "Licensed under the Apache License, Version 2.0 (the \"License\");\n"
    match = identify(text)
    assert match is not None and match.key == "apache-2.0"


def test_rail_beats_apache_and_titles_must_be_near_the_top() -> None:
    rail = "CreativeML Open RAIL-M License\n" + FILLER + "Apache License Version 2.0, January 2004\n"
    assert identify(rail).key == "creativeml-openrail-m"  # type: ignore[union-attr]
    buried = FILLER * 100 + "Gemma Terms of Use ai.google.dev/gemma\n"
    assert identify(buried) is None


def test_modified_mit_is_not_mit() -> None:
    grant = "Permission is hereby granted, free of charge, to any person obtaining a copy\n"
    assert identify("Modified MIT License\n" + grant) is None
    kimi = identify("Modified MIT License\nCopyright Kimi K2 authors\n" + grant)
    assert kimi is not None and kimi.key == "moonshot-modified-mit"


def test_unrecognised_text() -> None:
    assert identify("All rights reserved. Do not copy.") is None
    assert identify("") is None
