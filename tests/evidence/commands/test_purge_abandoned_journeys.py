"""manage.py purge_abandoned_journeys: clears expired sessions and the pending files of dead journeys."""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command

from evidence.storage import AttachmentStorage
from evidence.submissions.file_types import TXT
from evidence.submissions.uploads import store_pending
from tests.evidence.stored import until_the_next_second
from tests.files import upload

pytestmark = pytest.mark.django_db


def test_it_deletes_the_files_of_a_journey_with_no_session_and_says_how_many():
    key = uuid.uuid4()
    stored = store_pending(key, upload("notes.txt", b"what we were told"), TXT)
    out = StringIO()
    until_the_next_second()

    call_command("purge_abandoned_journeys", stdout=out)

    assert out.getvalue().strip() == (
        "Cleared expired sessions and 0 expired saved forms. Deleted 1 pending files of 1 abandoned form journeys."
    )
    assert not AttachmentStorage().exists(f"pending/{key}/{stored.id}")
