import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class AttachmentStorage(FileSystemStorage):
    """Members' files, under EVIDENCE_ATTACHMENT_ROOT: outside every URL the site serves.

    The location is read from settings on each use, so an operator (or a test) can move it.
    Staff download files through an admin view that sends them as attachments.
    """

    def __init__(self) -> None:
        super().__init__()

    @property
    def base_location(self) -> str:
        return str(settings.EVIDENCE_ATTACHMENT_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):  # None, where Django's says str: there is no URL, and url() refuses
        return None

    def url(self, name: str | None) -> str:
        raise ValueError("Attachments have no public URL; staff download them through the admin.")
