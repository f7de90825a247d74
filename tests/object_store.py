"""A real S3 API beside the tests: moto's standalone server (``python -m moto.server``) on a free port.

Not a mock object: django-storages and boto3 talk HTTP to it exactly as they would to a bucket in
production. The server runs in its own session and is stopped by its process group; a test that needs
it fails in CI (and is skipped elsewhere) if it cannot start.
"""

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from typing import Any
from unittest import mock

from tests.integration.harness import PROJECT_DIR, free_port, stop_process_group, wait_until

REGION = "eu-west-2"
ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"


class MotoServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> "MotoServer":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            cwd=PROJECT_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_until(self._answers, timeout=timeout, interval=0.1, what=f"moto_server on port {self.port}")
        except (TimeoutError, RuntimeError):
            self.stop()
            raise
        return self

    def _answers(self) -> bool:
        import http.client

        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"moto_server exited ({self.process.returncode}).")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            connection.request("GET", "/moto-api/")
            return connection.getresponse().status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process, grace=5)

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def new_bucket(self) -> "Bucket":
        name = f"evidence-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return Bucket(server=self, name=name)


@dataclass(frozen=True)
class Bucket:
    server: MotoServer
    name: str

    def environment(self) -> dict[str, str]:
        """The variables an operator sets for EVIDENCE_STORAGE=s3 (django-storages' own names)."""
        return {
            "EVIDENCE_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": self.name,
            "AWS_S3_ENDPOINT_URL": self.server.url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def storage_settings(self) -> dict[str, Any]:
        """``STORAGES["evidence"]`` as the settings module makes it from ``environment()``."""
        from nasuwt_send.file_storage import evidence_storage

        with mock.patch.dict(os.environ, self.environment()):
            return evidence_storage()

    def keys(self, prefix: str = "") -> list[str]:
        listing = self.server.client().list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def head(self, key: str) -> dict[str, Any]:
        return self.server.client().head_object(Bucket=self.name, Key=key)

    def object_grants(self, key: str) -> list[dict[str, Any]]:
        return self.server.client().get_object_acl(Bucket=self.name, Key=key)["Grants"]

    def bucket_grants(self) -> list[dict[str, Any]]:
        return self.server.client().get_bucket_acl(Bucket=self.name)["Grants"]
