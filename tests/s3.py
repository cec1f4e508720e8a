"""A real S3-compatible server for the tests: moto's threaded server on a free loopback port.

``s3_server`` (session) starts it once; ``private_s3`` points the ``private`` storage at a fresh
bucket on it for one test; ``private_backend`` runs a test once on the file system and once on
S3. The tests then use the storage exactly as production does, over HTTP, through boto3.
"""

from __future__ import annotations

import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ACCESS_KEY = "testing"
SECRET_KEY = "testing"
REGION = "eu-north-1"


@dataclass
class S3Server:
    endpoint_url: str

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def create_bucket(self) -> str:
        name = f"utlysning-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def keys(self, bucket: str) -> set[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return {item["Key"] for item in listing.get("Contents", [])}

    def environment(self, bucket: str) -> dict[str, str]:
        """The variables a deployment sets to use this server (README, "Files")."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ADDRESSING_STYLE": "path",
        }

    def storage_config(self, bucket: str) -> dict:
        """The ``private`` entry of STORAGES, made by the settings from those variables."""
        from unittest import mock

        from config.settings.base import private_storage_config

        with mock.patch.dict("os.environ", self.environment(bucket)):
            return private_storage_config()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield S3Server(endpoint_url=f"http://127.0.0.1:{port}")
    server.stop()


@dataclass
class PrivateBackend:
    """Which backend a test runs on, and how to look at what it holds."""

    kind: str
    bucket: str | None = None
    server: S3Server | None = None

    def holds(self, name: str) -> bool:
        from django.core.files.storage import storages

        if self.kind == "s3":
            location = storages["private"].location
            return f"{location}/{name}" in self.server.keys(self.bucket)
        return storages["private"].exists(name)

    def remove_behind_the_apps_back(self, name: str) -> None:
        """Delete the stored bytes directly, as an operator or a lifecycle rule might."""
        from django.core.files.storage import storages

        if self.kind == "s3":
            location = storages["private"].location
            self.server.client().delete_object(Bucket=self.bucket, Key=f"{location}/{name}")
        else:
            Path(storages["private"].path(name)).unlink()


@pytest.fixture
def private_s3(s3_server, settings):
    bucket = s3_server.create_bucket()
    settings.STORAGES = {**settings.STORAGES, "private": s3_server.storage_config(bucket)}
    return PrivateBackend(kind="s3", bucket=bucket, server=s3_server)


@pytest.fixture(params=["filesystem", "s3"])
def private_backend(request):
    if request.param == "s3":
        return request.getfixturevalue("private_s3")
    return PrivateBackend(kind="filesystem")
