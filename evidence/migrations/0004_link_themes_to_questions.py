"""Links each evidence theme to the consultation questions it informs (the architecture's Decisions)."""

from django.db import migrations

CONSULTATION_SLUG = "send-review-2022"
RELATED_QUESTIONS = {
    "workload": [2, 4, 16, 20, 21],
    "banding": [18],
    "notional-budgets": [3, 14, 20, 21],
    "training": [9, 10, 12, 20],
    "sv-dbv": [18, 20, 21],
    "general": [1, 7, 19],
}


def link(apps, schema_editor):
    Theme = apps.get_model("evidence", "Theme")
    Question = apps.get_model("consultation", "Question")
    questions = {q.number: q for q in Question.objects.filter(consultation__slug=CONSULTATION_SLUG)}
    if not questions:
        return
    for theme in Theme.objects.filter(slug__in=RELATED_QUESTIONS):
        theme.related_questions.set([questions[n] for n in RELATED_QUESTIONS[theme.slug]])


def unlink(apps, schema_editor):
    for theme in apps.get_model("evidence", "Theme").objects.all():
        theme.related_questions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0003_theme_related_questions"),
        ("consultation", "0002_load_send_review_content"),
    ]

    operations = [migrations.RunPython(link, unlink)]
