"""Texts for the near-duplicate tests: a template letter, edited copies of it and unrelated evidence."""

TEMPLATE = (
    "I am writing as a NASUWT member at {school} to tell you that the SEND system is failing our pupils. "
    "Our SENCO spends most of her week on EHCP paperwork instead of supporting children and staff. "
    "Specialist advice takes months to arrive and the local authority has cut outreach support to "
    "mainstream schools. Teachers are left to meet complex needs without training or time. I ask the "
    "union to press the Government to fund SEND properly. Yours sincerely, {name}"
)

UNRELATED = (
    "In my first year of teaching I had no training at all on autism or ADHD, and my mentor had none "
    "either. The course covered behaviour in one afternoon lecture. I have since paid for an online "
    "course myself and taught myself from books because the school has no budget for it at all."
)


def letter(school: str = "Oak Primary School", name: str = "Jane Smith") -> str:
    return TEMPLATE.format(school=school, name=name)


def words(n: int, start: int = 0) -> str:
    """``n`` distinct words: shingles of two such texts overlap exactly where their words do."""
    return " ".join(f"word{i}" for i in range(start, start + n))
