"""The member's way through "Send evidence", driven through the Django test client.

``evidence_answers()`` is what a member types on each step; ``answer_evidence_steps()`` posts them up
to check-your-answers; ``send_evidence()`` goes on and sends. The browser tests (tests/e2e) and the fault
tests' member (tests/integration/member.py) walk the same pages their own way.
"""

from tests.factories import local_authority

# What a member posts on each theme's page, by theme.
THEME_ANSWERS = {
    "workload": {
        "causes": ["cause_ehcp_processes", "cause_external_agency_meetings"],
        "details": "EHCP forms.",
    },
    "banding": {"experience": "issues", "details": "Bands were cut mid-year."},
    "notional-budgets": {"notional_budget_enough": "no", "details": "The notional budget ran out in March."},
    "training": {"stage": "early-career", "preparedness": "partly", "details": "One twilight session."},
    "sv-dbv": {
        "programme": "sv",
        "plan_stage": "agreed",
        "plan_published": "yes",
        "plan_url": "https://www.gov.uk/government/publications/example-plan",
        "schools_consulted": "no",
        "problems": ["problem_no_consultation", "problem_specialist_cuts"],
        "details": "Outreach was cut.",
    },
    "general": {"details": "Tribunal waits are over a year."},
}


def evidence_answers(themes=("workload", "sv-dbv"), authority: str = "Kent") -> dict[str, dict]:
    """Every step's answers in journey order (attachments aside), for the chosen themes."""
    authority_id = "prefer-not-to-say" if authority is None else str(local_authority(authority).pk)
    return {
        "about-you": {
            "role": "senco",
            "phase": "primary",
            "setting": "maintained",
            "local_authority": authority_id,
        },
        "themes": {"themes": list(themes)},
        **{slug: dict(THEME_ANSWERS[slug]) for slug in THEME_ANSWERS if slug in themes},
        "your-experience": {"experience": "Our SENCO spends three days a week on EHCP paperwork."},
        "contact-details": {
            "name": "Erin Evans",
            "email": "erin@example.org",
            "membership_number": "NAS12345",
            "consent_to_contact": "on",
        },
    }


def answer_evidence_steps(client, answers: dict[str, dict], files=()) -> None:
    """Posts every step as a member would, up to check-your-answers (files: Django UploadedFiles)."""
    client.get("/evidence/send/")
    for step, data in answers.items():
        if step == "contact-details":
            response = client.post(
                "/evidence/send/attachments/", {"files": list(files), "action": "continue"}
            )
            assert response.status_code == 302, response.content.decode()[:3000]
        response = client.post(f"/evidence/send/{step}/", data)
        assert response.status_code == 302, f"{step}: {response.content.decode()[:3000]}"


def answer_steps_before_contact(client) -> dict[str, dict]:
    """Every question page answered up to (not including) contact details; the answers it gave."""
    answers = evidence_answers()
    answer_evidence_steps(client, {step: data for step, data in answers.items() if step != "contact-details"})
    return answers


def send_evidence(client, answers: dict[str, dict] | None = None, files=()):
    """The whole journey, ending with "Send evidence"; returns the response to that last post."""
    answer_evidence_steps(client, answers or evidence_answers(), files)
    return client.post("/evidence/send/check-your-answers/")
