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

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        return str(settings.EVIDENCE_ATTACHMENT_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Attachments have no public URL; staff download them through the admin.")
