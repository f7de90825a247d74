"""Any mix of the six themes, and any of the 153 authorities, reaches a saved submission."""

from itertools import combinations

import pytest

from evidence.models import ANSWER_MODELS, LocalAuthority, Submission, Theme
from evidence.submissions.forms.about import AboutYouForm
from tests.journeys import THEME_ANSWERS, evidence_answers, send_evidence

pytestmark = pytest.mark.django_db

EVERY_MIX = [mix for size in range(1, 7) for mix in combinations(THEME_ANSWERS, size)]


def test_there_are_63_mixes_of_the_six_themes():
    assert len(EVERY_MIX) == 63
    assert set(THEME_ANSWERS) == set(Theme.objects.values_list("slug", flat=True))


@pytest.mark.parametrize("mix", EVERY_MIX, ids="+".join)
def test_every_mix_of_themes_is_saved_with_its_answers(client, mix):
    response = send_evidence(client, evidence_answers(themes=mix))

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.theme_slugs == set(mix)
    for slug, model in ANSWER_MODELS.items():
        assert model.objects.filter(submission=submission).exists() is (slug in mix)


def test_about_you_accepts_each_of_the_153_authorities_and_prefer_not_to_say():
    choices = [str(pk) for pk in LocalAuthority.objects.values_list("pk", flat=True)] + ["prefer-not-to-say"]
    about = {"role": "senco", "phase": "primary", "setting": "maintained"}

    refused = [c for c in choices if not AboutYouForm(data={**about, "local_authority": c}).is_valid()]

    assert len(choices) == 154
    assert refused == []
