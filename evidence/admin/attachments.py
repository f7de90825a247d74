"""Members' files, sent to the Education Team as downloads and never shown inline."""

import re

from django.http import FileResponse, Http404

from evidence.models import Attachment

# The type was sniffed from the content on upload; anything odd-looking is sent as plain bytes.
CONTENT_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def download_attachment(attachment: Attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is no longer stored.") from None
    content_type = attachment.content_type.lower()
    if not CONTENT_TYPE.match(content_type):
        content_type = "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
