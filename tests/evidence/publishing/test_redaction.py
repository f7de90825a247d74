"""Suggested redactions (evidence.publishing.redaction): what a simple offline check marks, and how."""

from evidence.publishing.redaction import highlighted, suggest_redactions


def marked(text: str, member_name: str = "") -> list[str]:
    return [text[s.start : s.end] for s in suggest_redactions(text, member_name=member_name)]


def test_it_marks_email_addresses_phone_numbers_and_postcodes():
    text = "Write to head@hillside.sch.uk or ring 01632 960 123 or +44 7700 900123; we are in LS1 4AP."
    assert marked(text) == ["head@hillside.sch.uk", "01632 960 123", "+44 7700 900123", "LS1 4AP"]


def test_it_marks_the_members_own_name_wherever_it_appears():
    assert marked("as erin said, Evans is the SENCO", member_name="Erin Evans") == ["erin", "Evans"]


def test_it_marks_capitalised_words_before_school_academy_or_college_but_not_a_plain_school():
    text = "At Hillside Primary School and Oak Vale Academy, unlike the school down the road or my college."
    assert marked(text) == ["Hillside Primary School", "Oak Vale Academy"]


def test_it_marks_titled_names_and_common_first_names():
    assert marked("Mrs Patel told Dr. Okafor that Sarah needs support") == [
        "Mrs Patel",
        "Dr. Okafor",
        "Sarah",
    ]


def test_it_leaves_ordinary_words_and_lower_case_names_alone():
    assert marked("The EHCP took 40 weeks; mark my words, the grace period ended.") == []


def test_the_highlight_is_escaped_html_with_a_class_and_a_reason_and_no_inline_style():
    html = str(highlighted("<b>Mr Smith</b> & co", member_name=""))
    assert html.startswith('&lt;b&gt;<mark class="union-redact">Mr Smith')
    assert "(suggested redaction: a person&#x27;s name)" in html
    assert "&lt;/b&gt; &amp; co" in html
    assert "style=" not in html and "<b>" not in html
