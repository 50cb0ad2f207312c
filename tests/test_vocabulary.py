"""The vocabulary offers a common word's character only where a reading is one off it."""

from normalize.vocabulary import WORDS, one_off


def test_a_reading_one_character_off_a_common_word_is_offered_the_word() -> None:
    offered = {(at, ch) for at, ch, _ in one_off("服务群众满息度")}
    assert (5, "意") in offered
    assert {(at, ch) for at, ch, _ in one_off("干部人事档案完型率")} >= {(7, "整")}
    assert (0, "干") in {(at, ch) for at, ch, _ in one_off("千部")}


def test_words_read_whole_and_text_that_is_no_word_are_left_alone() -> None:
    assert list(one_off("服务群众满意度")) == []  # every character in a word read whole
    assert list(one_off("≥95%")) == [] and list(one_off("满")) == []
    assert all(at != 4 for at, _, _ in one_off("考核合格率考"))


def test_the_vocabulary_holds_the_taxonomy_and_the_value_words() -> None:
    assert {"服务对象满意度指标", "产出指标", "满意度", "及时率", "健全"} <= WORDS
    assert all(len(w) > 1 for w in WORDS)
