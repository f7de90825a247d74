"""Loads the themes, the 153 English local authorities and the known SV/DBV memberships.

The CSVs in evidence/data/ are copies of shared/data/ (sources in evidence/data/SOURCES.md); they are
part of this migration's input and must not be edited in place: add a new migration to change data.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

THEMES = [
    {
        "slug": "workload",
        "name": "Workload",
        "summary": "Workload pressures on SENCOs, teachers, leaders and support staff, and what causes them.",
        "what_we_want_to_hear": (
            "We want to hear about the workload pressures on SENCOs, teachers, leaders and other staff in "
            "schools, and the causes of those pressures. That includes cuts to specialist services, "
            "difficulty securing meetings with external agencies, delays in getting specialist advice and "
            "support, and the work that falls on schools from EHCP processes."
        ),
    },
    {
        "slug": "banding",
        "name": "Local authority banding",
        "summary": "How your local authority bands SEND provision: problems, or effective practice.",
        "what_we_want_to_hear": (
            "We want to hear about local authority approaches to banding for SEND provision: problems with "
            "banding decisions or systems, or evidence of effective practice."
        ),
    },
    {
        "slug": "notional-budgets",
        "name": "SEN notional budgets and SEND-related budget pressures",
        "summary": "The SEND-related budget pressures your school faces, including its notional SEN budget.",
        "what_we_want_to_hear": (
            "We want to hear about the SEND-related budget pressures that schools are facing, including "
            "issues with schools' notional budgets for SEN."
        ),
    },
    {
        "slug": "training",
        "name": "SEND training and development",
        "summary": "How well training prepares staff to teach pupils with SEND, from trainees to experienced staff.",
        "what_we_want_to_hear": (
            "We want to hear about your experience of SEND-related training and development, and how far it "
            "prepares you to teach pupils with SEND. We are particularly interested in trainee teachers and "
            "early-career teachers, and whether their training has prepared them to teach pupils with SEND. "
            "We also want to hear from experienced teachers, and from teaching assistants and support staff."
        ),
    },
    {
        "slug": "sv-dbv",
        "name": "Safety Valve (SV) and Delivering Better Value (DBV)",
        "summary": "Whether your authority is in the Safety Valve or DBV programme, its plan, and what is happening.",
        "what_we_want_to_hear": (
            "Both programmes are meant to help local authorities reduce their high-needs budget deficits. "
            "The DfE only publishes plans once they are approved, and there is no list of the authorities "
            "developing their plans, so we need members to tell us. Is your authority in the SV or DBV "
            "programme, and does it have a published plan yet? Tell us too about problems with planning: "
            "schools not being meaningfully consulted on the plan; reduced support to mainstream schools; "
            "cuts to specialist services and provision that leave children and young people's needs unmet; "
            "and no funding for the new or extra services mainstream schools need to meet the needs of more "
            "pupils with SEND."
        ),
    },
    {
        "slug": "general",
        "name": "Other experiences of the SEND system",
        "summary": "Anything else about the SEND system that you want the union to know.",
        "what_we_want_to_hear": (
            "We welcome feedback about any other experiences of the SEND system that do not fit the other "
            "themes."
        ),
    },
]


def load(apps, schema_editor):
    Theme = apps.get_model("evidence", "Theme")
    LocalAuthority = apps.get_model("evidence", "LocalAuthority")
    ProgrammeMembership = apps.get_model("evidence", "ProgrammeMembership")

    for position, theme in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(slug=theme["slug"], defaults={**theme, "position": position})

    with open(DATA / "local_authorities.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            LocalAuthority.objects.update_or_create(
                gss_code=row["gss_code"],
                defaults={"la_number": int(row["la_number"]), "name": row["name"], "type": row["type"]},
            )

    by_name = {la.name: la for la in LocalAuthority.objects.all()}
    with open(DATA / "sv_dbv_programmes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            year = row["year_or_tranche"].strip()
            inferred = year.endswith("(inferred)")
            ProgrammeMembership.objects.update_or_create(
                local_authority=by_name[row["la_name"]],
                programme=row["programme"],
                defaults={
                    "year_or_tranche": year.removesuffix("(inferred)").strip(),
                    "inferred": inferred,
                    "source_url": row["source_url"],
                },
            )


def unload(apps, schema_editor):
    apps.get_model("evidence", "ProgrammeMembership").objects.all().delete()
    apps.get_model("evidence", "LocalAuthority").objects.all().delete()
    apps.get_model("evidence", "Theme").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
