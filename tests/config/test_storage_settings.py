"""The settings choose the private storage's backend from the environment."""

from config.settings.base import PRIVATE_MEDIA_ROOT, private_storage_config

S3_VARIABLES = [
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_LOCATION",
    "AWS_S3_CONNECT_TIMEOUT",
    "AWS_S3_READ_TIMEOUT",
]


def _clear(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_without_a_bucket_files_stay_on_the_file_system_with_no_url(monkeypatch):
    _clear(monkeypatch)
    config = private_storage_config()
    assert config["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert config["OPTIONS"] == {"location": PRIVATE_MEDIA_ROOT, "base_url": None}


def test_a_bucket_selects_s3_with_every_variable_and_a_private_acl(monkeypatch):
    _clear(monkeypatch)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "utlysning-filer")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.org")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("AWS_S3_REGION_NAME", "eu-north-1")
    monkeypatch.setenv("AWS_S3_ADDRESSING_STYLE", "path")
    config = private_storage_config()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "utlysning-filer"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["region_name"] == "eu-north-1"
    assert options["client_config"].s3 == {"addressing_style": "path"}
    assert options["client_config"].connect_timeout == 5
    assert options["location"] == "private"
    assert options["default_acl"] == "private"
    assert options["file_overwrite"] is False


def test_unset_keys_are_left_to_boto3s_own_credential_chain(monkeypatch):
    _clear(monkeypatch)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "utlysning-filer")
    options = private_storage_config()["OPTIONS"]
    assert options["access_key"] is None
    assert options["secret_key"] is None
    assert options["endpoint_url"] is None
