from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """What every page needs to know about the site: the contact address and the service name."""
    return {
        "service_name": "NASUWT SEND evidence portal",
        "education_team_email": settings.EDUCATION_TEAM_CONTACT,
    }
