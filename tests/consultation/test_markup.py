from consultation import markup


def test_it_turns_double_asterisks_into_strong():
    assert markup.render("a **single national system** for AP") == (
        '<p class="govuk-body">a <strong>single national system</strong> for AP</p>'
    )


def test_it_turns_single_asterisks_into_emphasis():
    assert markup.render_inline("the Green Paper, *SEND Review*, says") == (
        "the Green Paper, <em>SEND Review</em>, says"
    )


def test_it_keeps_bold_inside_quoted_italic_as_the_briefing_has_it():
    text = "an inclusive system '*starting with **improved mainstream provision...** and support*';"

    assert markup.render_inline(text) == (
        "an inclusive system &#x27;<em>starting with <strong>improved mainstream provision...</strong>"
        " and support</em>&#x27;;"
    )


def test_it_splits_paragraphs_on_blank_lines():
    html = markup.render("First paragraph.\n\nSecond\nparagraph.\n \n\n Third.")

    assert html == (
        '<p class="govuk-body">First paragraph.</p>'
        '<p class="govuk-body">Second\nparagraph.</p>'
        '<p class="govuk-body">Third.</p>'
    )


def test_it_escapes_html_so_nothing_can_be_injected():
    html = markup.render('<script>alert("x")</script> **<b onclick="x">bold</b>**')

    assert "<script>" not in html
    assert "<b " not in html
    assert "&lt;script&gt;" in html
    assert "<strong>&lt;b onclick=&quot;x&quot;&gt;bold&lt;/b&gt;</strong>" in html


def test_it_leaves_lone_and_spaced_asterisks_alone():
    assert markup.render_inline("2 * 3 = 6 and * not emphasis *") == "2 * 3 = 6 and * not emphasis *"


def test_it_never_produces_crossed_tags():
    html = markup.render_inline("*a **b* c**")

    assert html.count("<em>") == html.count("</em>")
    assert "<em>a <strong>" not in html


def test_it_accepts_windows_line_endings():
    assert markup.paragraphs("One.\r\n\r\nTwo.") == ["One.", "Two."]


def test_it_renders_nothing_for_empty_text():
    assert markup.render("") == ""
    assert markup.render("  \n\n ") == ""


def test_it_gives_plain_text_without_markup_for_downloads():
    assert markup.plain_text("**bold** and *italic*\n\n\nnext") == "bold and italic\n\nnext"
    assert markup.plain_text("'*starting with **improved provision...** needed*'") == (
        "'starting with improved provision... needed'"
    )


def test_plain_text_keeps_html_characters_as_text():
    assert markup.plain_text("<b>not bold</b> & more") == "<b>not bold</b> & more"
