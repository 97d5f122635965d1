from reports.search.highlight import highlight_all, snippet


def test_text_is_escaped_before_hits_are_marked():
    assert highlight_all("<b>党建</b>&党建", ["党建"]) == "&lt;b&gt;<mark>党建</mark>&lt;/b&gt;&amp;<mark>党建</mark>"


def test_a_snippet_is_a_window_around_the_first_hit():
    text = "前" * 100 + "乡村振兴" + "后" * 300
    result = snippet(text, ["乡村振兴"], length=60)
    assert result.startswith("…" + "前" * 40 + "<mark>乡村振兴</mark>")
    assert result.endswith("…")


def test_longer_terms_win_over_their_parts():
    assert highlight_all("党建工作", ["党建", "党建工作"]) == "<mark>党建工作</mark>"


def test_no_hit_gives_the_opening():
    assert snippet("一二三四五", ["七"], length=3) == "一二三…"
