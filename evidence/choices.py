"""The answers members choose from, in the union's words (see the architecture's "Decisions").

"Not sure" is the word everywhere a member may not know.
"""

from django.db import models


class Role(models.TextChoices):
    SENCO = "senco", "SENCO"
    CLASSROOM_TEACHER = "classroom-teacher", "Classroom teacher"
    LEADER = "leader", "Headteacher or senior leader"
    SUPPORT_STAFF = "support-staff", "Teaching assistant or support staff"
    TRAINEE = "trainee", "Trainee teacher"
    EARLY_CAREER = "early-career", "Early-career teacher"
    REP = "rep", "NASUWT representative or activist"
    OTHER = "other", "Other"


class Phase(models.TextChoices):
    EARLY_YEARS = "early-years", "Early years"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all-through", "All-through"
    POST_16 = "post-16", "Post-16 / further education"


class Setting(models.TextChoices):
    MAINTAINED = "maintained", "Maintained school"
    ACADEMY_SINGLE = "academy-single", "Academy (single)"
    ACADEMY_MAT = "academy-mat", "Academy in a multi-academy trust"
    SPECIAL = "special", "Special school"
    AP_PRU = "ap-pru", "Alternative provision or pupil referral unit"
    INDEPENDENT = "independent", "Independent school"
    FE_COLLEGE = "fe-college", "Further education college"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in-review", "In review"
    FOLLOW_UP = "follow-up", "Follow up"
    ACTIONED = "actioned", "Actioned"
    CLOSED = "closed", "Closed"
    SPAM = "spam", "Spam"


class Priority(models.IntegerChoices):
    LOW = 1, "Low"
    NORMAL = 2, "Normal"
    HIGH = 3, "High"


class YesNoNotSure(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not-sure", "Not sure"


class Programme(models.TextChoices):
    """What a member reports about their authority."""

    SV = "sv", "Safety Valve"
    DBV = "dbv", "Delivering Better Value"
    BOTH = "both", "Both"
    NEITHER = "neither", "Neither"
    NOT_SURE = "not-sure", "Not sure"


# What counts as a member reporting their authority in a programme: "neither" and "not sure" do not.
IN_A_PROGRAMME: tuple[str, ...] = (Programme.SV, Programme.DBV, Programme.BOTH)


class KnownProgramme(models.TextChoices):
    """A programme an authority is known (from published sources) to be in."""

    SV = "SV", "Safety Valve"
    DBV = "DBV", "Delivering Better Value"


class PlanStage(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    BEING_DEVELOPED = "being-developed", "Being developed"
    SCHOOLS_CONSULTED = "schools-being-consulted", "Schools being consulted"
    AGREED = "agreed", "Agreed"
    NOT_SURE = "not-sure", "Not sure"


class BandingExperience(models.TextChoices):
    ISSUES = "issues", "Problems with banding"
    GOOD_PRACTICE = "good-practice", "Evidence of effective practice"
    BOTH = "both", "Both"


class TrainingStage(models.TextChoices):
    TRAINEE = "trainee", "Initial teacher training (trainee)"
    EARLY_CAREER = "early-career", "Early-career teacher induction"
    EXPERIENCED = "experienced", "Training as an experienced teacher"
    SENCO = "senco", "SENCO training or qualification"
    SUPPORT_STAFF = "support-staff", "Training for teaching assistants or support staff"


class Preparedness(models.TextChoices):
    WELL = "well", "Well prepared"
    PARTLY = "partly", "Partly prepared"
    NOT_PREPARED = "not-prepared", "Not prepared"
    NOT_SURE = "not-sure", "Not sure"
