"""jieba, loaded once per process with the project's government-term dictionary."""
from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import jieba
import jieba.posseg

USER_DICT = Path(__file__).with_name("data") / "user_dict.txt"


def _cache_dir() -> Path:
    # jieba's default cache sits in a shared /tmp, which breaks when users or workers share a machine.
    root = Path(os.environ.get("REPORTS_CACHE_DIR") or Path(__file__).resolve().parents[2] / ".cache")
    path = root / "jieba"
    path.mkdir(parents=True, exist_ok=True)
    return path


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(_cache_dir())
    jieba.dt.initialize()
    jieba.load_userdict(str(USER_DICT))
    return jieba.dt


def words(text: str) -> list[str]:
    return tokenizer().lcut(text)


def tagged(text: str) -> list[tuple[str, str]]:
    tokenizer()
    return [(pair.word, pair.flag) for pair in jieba.posseg.lcut(text)]


def starts_a_word(text: str, start: int) -> bool:
    """Whether a token begins at `start` when the few characters around it are segmented:
    in 签约2100名 the 约 ends the word 签约, in 近万人次 the 近 begins the word 近万."""
    window_start = max(0, start - 4)
    position = window_start
    for token in words(text[window_start:start + 3]):
        if position >= start:
            return position == start
        position += len(token)
    return False
