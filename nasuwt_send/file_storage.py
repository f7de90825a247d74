"""Where members' files are stored, chosen by EVIDENCE_STORAGE: ``STORAGES["evidence"]``.

- ``local`` (the default): the folder EVIDENCE_ATTACHMENT_ROOT on this machine, files 0600 and
  folders 0700 (``evidence.storage.LocalFiles``). One web node only.
- ``s3``: an S3-compatible bucket shared by every web node and worker (django-storages), read with
  django-storages' own variable names. The bucket stays private: every object is written with the
  ``private`` ACL and server-side encryption (AES256), never overwritten, and no code hands out its URL
  (staff download through the admin, which streams the file).

An unknown EVIDENCE_STORAGE, or ``s3`` without a bucket, stops start-up rather than losing files.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from nasuwt_send.env import env_str

BACKENDS = ("local", "s3")


def evidence_storage() -> dict[str, Any]:
    """The ``STORAGES["evidence"]`` entry for this environment."""
    choice = env_str("EVIDENCE_STORAGE").lower() or "local"
    if choice == "local":
        return {"BACKEND": "evidence.storage.LocalFiles"}
    if choice != "s3":
        raise ImproperlyConfigured(f"EVIDENCE_STORAGE must be one of {', '.join(BACKENDS)}; got {choice!r}.")
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("EVIDENCE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (the private bucket).")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Empty means AWS itself, its region and credentials from the machine's role.
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "object_parameters": {"ServerSideEncryption": "AES256"},
            "file_overwrite": False,
            # A signed, expiring URL if anything ever asked for one; nothing does.
            "querystring_auth": True,
        },
    }
