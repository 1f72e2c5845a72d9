from jarida.news.updates import changed_fraction, is_substantive

TEXT = (
    "قال وزير المالية إن الموازنة الجديدة ستعرض على مجلس الوزراء الأسبوع المقبل، "
    "وإن العجز تراجع إلى ثلاثة في المئة بعد إصلاحات ضريبية واسعة."
)


def test_a_typo_fix_is_not_substantive():
    fixed = TEXT.replace("الموازنة", "الموازنه").replace("إن العجز", "ان العجز")

    assert changed_fraction(TEXT, fixed) == 0.0
    assert not is_substantive(TEXT, TEXT.replace("الأسبوع", "الاسبوع"), 0.15)


def test_harakat_added_to_the_text_are_no_change():
    assert changed_fraction(TEXT, TEXT.replace("قال", "قالَ").replace("وزير", "وزيرُ")) == 0.0


def test_a_new_paragraph_of_news_is_substantive():
    updated = TEXT + " وفي وقت لاحق أعلن رئيس الحكومة استقالته بعد جلسة عاصفة في البرلمان."

    assert is_substantive(TEXT, updated, 0.15)


def test_one_changed_word_in_a_long_text_stays_under_the_threshold():
    assert 0 < changed_fraction(TEXT, TEXT.replace("ثلاثة", "أربعة")) < 0.15
